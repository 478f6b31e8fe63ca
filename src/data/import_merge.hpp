#pragma once
// Several imported files as one panel, as `mpredict import a.csv b.csv` stores them: a symbol in
// several files gets the union of their bars (e.g. one file per year). A date that two files both
// hold must carry the same values in both; otherwise nothing is merged, and the InputError points
// at the later file's line, naming the symbol, the date, the earlier file's line and the values
// that differ.
#include "core/panel.hpp"
#include "data/csv_import.hpp"

#include <functional>
#include <string>
#include <vector>

namespace mp::data {

struct FileImport {
  std::string file;  // the label of its messages, as import_csv used it
  ImportResult result;
};

Panel merge_imports(const std::vector<FileImport>& imports);

// import_csv of each file, then merged; `on_file` (may be empty) sees each result as it is read.
Panel import_csv_files(const std::vector<std::string>& files, const ImportOptions& options,
                       const std::function<void(const std::string& file, const ImportResult&)>& on_file = {});

}  // namespace mp::data
