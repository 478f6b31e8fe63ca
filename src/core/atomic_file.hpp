#pragma once
// Crash-safe file writes: temp file in the same directory, fsync, rename over the target,
// fsync the directory. A reader sees either the old or the new content, never a torn file.
// Every failed step is an IoError naming the path; no descriptor outlives a call.
#include <filesystem>
#include <string>
#include <string_view>

namespace mp {

void write_file_atomic(const std::filesystem::path& path, std::string_view content);
// Puts the fully written directory `staging` (a sibling of `dir`) in place of `dir` in one step:
// renameat2(RENAME_EXCHANGE) swaps the two when `dir` exists, and the old content, now under
// `staging`, is removed; a plain rename when it does not. The parent is fsynced after the swap.
// A reader or a crash at any instant finds the old or the new directory, never none (a leftover
// `staging` holds the old content and is the caller's to remove). A plain directory stays a plain
// directory, so nothing that reads it changes.
void replace_directory_atomic(const std::filesystem::path& staging, const std::filesystem::path& dir);
// fsync(2) of a directory, so the renames and creations in it survive a power loss.
void fsync_directory(const std::filesystem::path& dir);
std::string read_file(const std::filesystem::path& path);  // throws NotFoundError / IoError

}  // namespace mp
