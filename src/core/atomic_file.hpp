#pragma once
// Crash-safe file writes: temp file in the same directory, fsync, rename over the target,
// fsync the directory. A reader sees either the old or the new content, never a torn file.
#include <filesystem>
#include <string>
#include <string_view>

namespace mp {

void write_file_atomic(const std::filesystem::path& path, std::string_view content);
std::string read_file(const std::filesystem::path& path);  // throws NotFoundError / IoError

}  // namespace mp
