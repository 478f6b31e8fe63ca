#include "data/import_merge.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace mp::data {

namespace {

// One bar of one file: where it is in that file's result.
struct BarSource {
  Date date;
  std::size_t import;  // index into the imports
  const SymbolSeries* series;
  std::size_t row;
};

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

std::string number_text(double value) { return std::isnan(value) ? "empty" : fmt::format("{}", value); }

// "close 11 there, 11.5 here; volume ..." for the fields in which two bars differ.
std::string differences(const Bar& there, const Bar& here) {
  static constexpr std::array<std::pair<const char*, double Bar::*>, 6> kFields{{{"open", &Bar::open},
                                                                                 {"high", &Bar::high},
                                                                                 {"low", &Bar::low},
                                                                                 {"close", &Bar::close},
                                                                                 {"adj_close", &Bar::adj_close},
                                                                                 {"volume", &Bar::volume}}};
  // A file without an Adj Close column repeats the close there: that is one difference, not two.
  const bool adj_is_close = same(there.adj_close, there.close) && same(here.adj_close, here.close);
  std::string out;
  for (const auto& [name, member] : kFields) {
    if (same(there.*member, here.*member) || (member == &Bar::adj_close && adj_is_close)) continue;
    out += fmt::format("{}{} {} there, {} here", out.empty() ? "" : "; ", name, number_text(there.*member),
                       number_text(here.*member));
  }
  return out;
}

std::uint32_t line_of(const FileImport& import, const BarSource& source) {
  return import.result.lines.at(source.series->symbol())[source.row];
}

// The bars of one symbol from all files, by date; equal bars of one date are kept once.
SymbolSeries merged_series(const std::string& symbol, const std::vector<FileImport>& imports,
                           std::vector<BarSource>& sources) {
  std::stable_sort(sources.begin(), sources.end(),
                   [](const BarSource& a, const BarSource& b) { return a.date < b.date; });
  SymbolSeries merged(symbol);
  merged.reserve(sources.size());
  const BarSource* previous = nullptr;
  for (const BarSource& source : sources) {
    const Bar bar = source.series->bar(source.row);
    if (previous != nullptr && previous->date == source.date) {
      const std::string diff = differences(previous->series->bar(previous->row), bar);
      if (diff.empty()) continue;
      const FileImport& here = imports[source.import];
      const FileImport& there = imports[previous->import];
      throw InputError(here.file, line_of(here, source), here.result.date_column,
                       fmt::format("{} {} differs from {}:{}: {}", symbol, format_date(source.date), there.file,
                                   line_of(there, *previous), diff));
    }
    merged.push_back(bar);
    previous = &source;
  }
  return merged;
}

}  // namespace

Panel merge_imports(const std::vector<FileImport>& imports) {
  std::map<std::string, std::vector<std::size_t>> files_of;  // symbol -> imports holding it
  for (std::size_t i = 0; i < imports.size(); ++i) {
    for (const auto& series : imports[i].result.panel.series()) files_of[series.symbol()].push_back(i);
  }
  Panel panel;
  for (const auto& [symbol, holders] : files_of) {
    if (holders.size() == 1) {
      panel.add(imports[holders[0]].result.panel.at(symbol));
      continue;
    }
    std::vector<BarSource> sources;
    for (std::size_t i : holders) {
      const SymbolSeries& series = imports[i].result.panel.at(symbol);
      for (std::size_t row = 0; row < series.size(); ++row) sources.push_back({series.dates()[row], i, &series, row});
    }
    panel.add(merged_series(symbol, imports, sources));
  }
  return panel;
}

Panel import_csv_files(const std::vector<std::string>& files, const ImportOptions& options,
                       const std::function<void(const std::string& file, const ImportResult&)>& on_file) {
  std::vector<FileImport> imports;
  imports.reserve(files.size());
  for (const auto& file : files) {
    imports.push_back(FileImport{file, import_csv(file, options)});
    if (on_file) on_file(file, imports.back().result);
  }
  return merge_imports(imports);
}

}  // namespace mp::data
