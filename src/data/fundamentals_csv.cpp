#include "data/fundamentals_csv.hpp"

#include "data/csv_text.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>
#include <sstream>
#include <tuple>

namespace mp::data {

namespace {

using csv_text::excerpt;
using csv_text::lower;
using csv_text::split_fields;
using csv_text::trim;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

enum Field : std::size_t { kSymbol, kPeriodStart, kPeriodEnd, kFiled, kConcept, kValue, kForm, kFieldCount };
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {"symbol",  "period_start", "period_end", "filed",
                                                                   "concept", "value",        "form"};
constexpr std::array<bool, kFieldCount> kRequired = {true, false, true, true, true, true, false};

std::string known_concepts() {
  std::string out;
  for (const auto& c : fundamental_concepts()) out += (out.empty() ? "" : ", ") + std::string(c.name);
  return out;
}

// The parser of one file: where it is, and which column holds which field.
class FundamentalsParser {
 public:
  explicit FundamentalsParser(const std::string& file) : file_(file) {}

  void header(std::size_t line_number, std::string_view line) {
    line_ = line_number;
    const auto names = split_fields(line);
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::string name = lower(names[i]);
      const auto it = std::find(kFieldNames.begin(), kFieldNames.end(), name);
      if (it == kFieldNames.end()) {
        fail(i + 1,
             fmt::format("unknown column {}; the columns are {}", excerpt(names[i]), fmt::join(kFieldNames, ", ")));
      }
      auto& slot = columns_[static_cast<std::size_t>(it - kFieldNames.begin())];
      if (slot) fail(i + 1, fmt::format("column '{}' appears twice", name));
      slot = i;
    }
    width_ = names.size();
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      if (kRequired[f] && !columns_[f]) fail(0, fmt::format("missing required column '{}'", kFieldNames[f]));
    }
  }

  void row(std::size_t line_number, std::string_view line, FactsBySymbol& out) {
    line_ = line_number;
    const auto fields = split_fields(line);
    if (fields.size() != width_) {
      fail(0, fmt::format("expected {} fields as in the header, found {}", width_, fields.size()));
    }
    fields_ = &fields;
    const std::string_view symbol = text(kSymbol);
    if (symbol.empty()) fail_field(kSymbol, "empty symbol");
    const std::string_view concept_text = text(kConcept);
    const FundamentalConcept* concept_def = find_fundamental_concept(concept_text);
    if (concept_def == nullptr) {
      fail_field(kConcept,
                 fmt::format("unknown concept {}; known concepts: {}", excerpt(concept_text), known_concepts()));
    }
    FundamentalFact fact;
    fact.concept_name = std::string(concept_def->name);
    fact.period_end = date(kPeriodEnd);
    fact.filed = date(kFiled);
    fact.value = number(kValue);
    if (columns_[kForm]) fact.form = std::string(text(kForm));
    if (concept_def->kind == ConceptKind::Flow) fact.period_start = flow_start(*concept_def, fact.period_end);
    if (fact.filed < fact.period_end) {
      fail_field(kFiled, fmt::format("filed {} is before period_end {}: nothing is filed before its period ends",
                                     format_date(fact.filed), format_date(fact.period_end)));
    }
    out[std::string(symbol)].push_back(std::move(fact));
  }

 private:
  [[noreturn]] void fail(std::size_t column, const std::string& message) const {
    throw InputError(file_, line_, column, message);
  }
  [[noreturn]] void fail_field(Field field, const std::string& message) const {
    fail(*columns_[field] + 1, fmt::format("column '{}': {}", kFieldNames[field], message));
  }
  std::string_view text(Field field) const { return (*fields_)[*columns_[field]]; }

  Date date(Field field) const {
    const std::string_view value = text(field);
    if (value.empty()) fail_field(field, "empty date");
    const auto parsed = parse_date(value);
    if (!parsed) fail_field(field, "not a date (expected YYYY-MM-DD): " + excerpt(value));
    return *parsed;
  }

  double number(Field field) const {
    const std::string_view value = text(field);
    double out = 0.0;
    const char* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, out);
    if (value.empty() || ec != std::errc{} || ptr != end || !std::isfinite(out)) {
      fail_field(field, "not a number: " + excerpt(value));
    }
    return out;
  }

  // A flow's first day: required, and not after its last.
  Date flow_start(const FundamentalConcept& concept_def, Date period_end) const {
    if (!columns_[kPeriodStart]) {
      fail_field(kConcept, fmt::format("'{}' is an amount over a period: the file needs a period_start column",
                                       concept_def.name));
    }
    if (text(kPeriodStart).empty()) {
      fail_field(kPeriodStart, fmt::format("empty, but '{}' is an amount over a period", concept_def.name));
    }
    const Date start = date(kPeriodStart);
    if (start > period_end) {
      fail_field(kPeriodStart, fmt::format("{} is after period_end {}", format_date(start), format_date(period_end)));
    }
    return start;
  }

  const std::string& file_;
  std::size_t line_ = 0;
  std::size_t width_ = 0;
  std::array<std::optional<std::size_t>, kFieldCount> columns_{};
  const std::vector<std::string_view>* fields_ = nullptr;
};

// Stable: rows of one filing date keep their order (the later one wins in the join).
void sort_facts(std::vector<FundamentalFact>& facts) {
  std::stable_sort(facts.begin(), facts.end(), [](const FundamentalFact& a, const FundamentalFact& b) {
    return std::tie(a.concept_name, a.period_end, a.period_start, a.filed) <
           std::tie(b.concept_name, b.period_end, b.period_start, b.filed);
  });
}

// Whole amounts as plain digits ("43603000000", not "4.3603e+10"); others in the shortest form
// that reads back to the same double.
std::string number_text(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
  return fmt::format("{}", value);
}

}  // namespace

FactsBySymbol parse_fundamentals_csv(std::string_view text, const std::string& file_label) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  FundamentalsParser parser(file_label);
  FactsBySymbol out;
  bool have_header = false;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    if (!have_header) {
      parser.header(number, line);
      have_header = true;
      continue;
    }
    parser.row(number, line, out);
  }
  if (!have_header) throw InputError(file_label, 0, 0, "empty file: expected a header line");
  for (auto& [symbol, facts] : out) sort_facts(facts);
  return out;
}

FactsBySymbol read_fundamentals_csv(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(fmt::format("cannot read '{}'", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw IoError(fmt::format("cannot read '{}'", file.string()));
  return parse_fundamentals_csv(text.str(), file.string());
}

FactsBySymbol read_fundamentals_csv_files(const std::vector<std::string>& files) {
  FactsBySymbol out;
  for (const auto& file : files) {
    for (auto& [symbol, facts] : read_fundamentals_csv(file)) {
      auto& all = out[symbol];
      all.insert(all.end(), std::make_move_iterator(facts.begin()), std::make_move_iterator(facts.end()));
    }
  }
  for (auto& [symbol, facts] : out) sort_facts(facts);
  return out;
}

void write_fundamentals_csv(std::ostream& out, const FactsBySymbol& facts) {
  out << "symbol,period_start,period_end,filed,concept,value,form\n";
  for (const auto& [symbol, list] : facts) {
    for (const auto& f : list) {
      out << fmt::format("{},{},{},{},{},{},{}\n", symbol, f.period_start ? format_date(*f.period_start) : "",
                         format_date(f.period_end), format_date(f.filed), f.concept_name, number_text(f.value), f.form);
    }
  }
}

}  // namespace mp::data
