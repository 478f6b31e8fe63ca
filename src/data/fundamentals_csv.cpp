#include "data/fundamentals_csv.hpp"

#include "data/csv_text.hpp"
#include "data/symbol_name.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <optional>
#include <ostream>
#include <tuple>

namespace mp::data {

namespace {

using csv_text::lower;

enum Field : std::size_t { kSymbol, kPeriodStart, kPeriodEnd, kFiled, kConcept, kValue, kForm, kFieldCount };
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {"symbol",  "period_start", "period_end", "filed",
                                                                   "concept", "value",        "form"};
constexpr std::array<bool, kFieldCount> kRequired = {true, false, true, true, true, true, false};

std::string known_concepts() {
  std::string out;
  for (const auto& c : fundamental_concepts()) out += (out.empty() ? "" : ", ") + std::string(c.name);
  return out;
}

// The parser of one file: which column holds which field.
class FundamentalsParser {
 public:
  void header(const CsvReader& header) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      const std::string name = lower(header[i]);
      const auto it = std::find(kFieldNames.begin(), kFieldNames.end(), name);
      if (it == kFieldNames.end()) {
        header.fail(i + 1, fmt::format("unknown column {}; the columns are {}", quoted_excerpt(header[i]),
                                       fmt::join(kFieldNames, ", ")));
      }
      auto& slot = columns_[static_cast<std::size_t>(it - kFieldNames.begin())];
      if (slot) header.fail(i + 1, fmt::format("column '{}' appears twice", name));
      slot = i;
    }
    width_ = header.size();
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      if (kRequired[f] && !columns_[f]) header.fail(1, fmt::format("missing required column '{}'", kFieldNames[f]));
    }
  }

  void row(const CsvReader& row, FactsBySymbol& out) {
    row.expect_width(width_);
    row_ = &row;
    const std::string_view symbol = text(kSymbol);
    if (auto problem = symbol_problem(symbol)) fail_field(kSymbol, *problem);
    const std::string_view concept_text = text(kConcept);
    const FundamentalConcept* concept_def = find_fundamental_concept(concept_text);
    if (concept_def == nullptr) {
      fail_field(kConcept,
                 fmt::format("unknown concept {}; known concepts: {}", quoted_excerpt(concept_text), known_concepts()));
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
    out[canonical_symbol(symbol)].push_back(std::move(fact));
  }

 private:
  [[noreturn]] void fail_field(Field field, const std::string& message) const {
    csv_text::fail_field(*row_, column(field), message);
  }
  [[nodiscard]] csv_text::Column column(Field field) const {
    return csv_text::Column{std::string(kFieldNames[field]), *columns_[field] + 1};
  }
  std::string_view text(Field field) const { return (*row_)[*columns_[field]]; }

  Date date(Field field) const { return csv_text::date_cell(text(field), *row_, column(field)); }

  double number(Field field) const {
    const auto value = csv_text::finite_number(text(field));
    if (!value) fail_field(field, "not a number: " + quoted_excerpt(text(field)));
    return *value;
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

  std::size_t width_ = 0;
  std::array<std::optional<std::size_t>, kFieldCount> columns_{};
  const CsvReader* row_ = nullptr;
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

namespace {

FactsBySymbol read_facts(CsvReader& reader) {
  if (!reader.next()) reader.fail(1, "empty file: expected a header line");
  FundamentalsParser parser;
  parser.header(reader);
  FactsBySymbol out;
  while (reader.next()) parser.row(reader, out);
  for (auto& [symbol, facts] : out) sort_facts(facts);
  return out;
}

}  // namespace

FactsBySymbol parse_fundamentals_csv(std::string_view text, const std::string& file_label) {
  CsvReader reader(text, file_label);
  return read_facts(reader);
}

FactsBySymbol read_fundamentals_csv(const std::filesystem::path& file) {
  CsvReader reader(file);
  return read_facts(reader);
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
