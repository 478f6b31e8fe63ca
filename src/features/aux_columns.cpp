#include "features/aux_columns.hpp"

#include <algorithm>
#include <limits>

namespace mp::features {

std::vector<double> as_of_join(std::span<const Date> dates, std::vector<PublishedValue> values) {
  std::stable_sort(values.begin(), values.end(),
                   [](const PublishedValue& a, const PublishedValue& b) { return a.available < b.available; });
  std::vector<double> out(dates.size(), std::numeric_limits<double>::quiet_NaN());
  std::size_t next = 0;
  double current = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t t = 0; t < dates.size(); ++t) {
    while (next < values.size() && values[next].available <= dates[t]) current = values[next++].value;
    out[t] = current;
  }
  return out;
}

}  // namespace mp::features
