// Several files of one symbol in one import: merged, or refused where they disagree.
#include "data/import_merge.hpp"

#include "core/error.hpp"
#include "test_text.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace mp::data {
namespace {

FileImport file(const std::string& label, const std::string& text, const std::string& symbol = "XYZ") {
  ImportOptions options;
  options.symbol = symbol;
  return FileImport{label, import_csv_text(text, label, options)};
}

TEST(ImportMerge, FilesOfOneSymbolGiveTheUnionOfTheirDates) {
  const Panel panel = merge_imports({file("2019.csv", "Date,Close,Volume\n2019-12-30,9,1\n2019-12-31,9.5,2\n"),
                                     file("2020.csv", "Date,Close,Volume\n2019-12-31,9.5,2\n2020-01-02,10,3\n"),
                                     file("other.csv", "Date,Close\n2020-01-02,3\n", "ABC")});
  ASSERT_EQ(panel.symbols(), (std::vector<std::string>{"ABC", "XYZ"}));
  const auto& xyz = panel.at("XYZ");
  ASSERT_EQ(xyz.size(), 3u);  // the date both files hold, with equal values, once
  EXPECT_EQ(xyz.dates()[2], *parse_date("2020-01-02"));
  EXPECT_DOUBLE_EQ(xyz.close()[1], 9.5);
  EXPECT_DOUBLE_EQ(xyz.volume()[2], 3.0);
}

TEST(ImportMerge, ADateWithOtherValuesNamesBothFilesTheSymbolTheDateAndTheValues) {
  const auto error = test::message_of<InputError>([] {
    merge_imports({file("a.csv", "Date,Close,Volume\n2019-12-30,9,1\n2019-12-31,9.5,2\n"),
                   file("b.csv", "Volume,Close,Date\n5,10,2019-12-29\n2,9.75,2019-12-31\n")});
  });
  EXPECT_EQ(error, "b.csv:3:3: XYZ 2019-12-31 differs from a.csv:3: close 9.5 there, 9.75 here");
  // A value one file lacks is a difference too.
  EXPECT_EQ(test::message_of<InputError>([] {
              merge_imports({file("a.csv", "Date,Close,Volume\n2019-12-31,9.5,2\n"),
                             file("b.csv", "Date,Close\n2019-12-31,9.5\n")});
            }),
            "b.csv:2:1: XYZ 2019-12-31 differs from a.csv:2: volume 2 there, empty here");
}

}  // namespace
}  // namespace mp::data
