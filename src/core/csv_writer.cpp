#include "core/csv_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

namespace mp {

void write_csv_table(std::ostream& out, std::span<const Date> dates, const std::vector<std::string>& column_names,
                     const std::vector<std::vector<double>>& columns) {
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf), "date");
  for (const auto& name : column_names) fmt::format_to(std::back_inserter(buf), ",{}", name);
  buf.push_back('\n');
  for (std::size_t row = 0; row < dates.size(); ++row) {
    fmt::format_to(std::back_inserter(buf), "{}", format_date(dates[row]));
    for (const auto& column : columns) {
      buf.push_back(',');
      if (std::isfinite(column[row])) fmt::format_to(std::back_inserter(buf), "{}", column[row]);
    }
    buf.push_back('\n');
    if (buf.size() > (1U << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

}  // namespace mp
