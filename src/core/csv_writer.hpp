#pragma once
// Writes a table of doubles as CSV: NaN as an empty cell, numbers in shortest round-trip form.
#include "core/dates.hpp"

#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace mp {

void write_csv_table(std::ostream& out, std::span<const Date> dates, const std::vector<std::string>& column_names,
                     const std::vector<std::vector<double>>& columns);

}  // namespace mp
