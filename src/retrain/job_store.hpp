#pragma once
// Retraining jobs on disk, so status's last run and /jobs/{id} survive a restart:
//   <registry>/jobs/<job id>.json   the job as the API shows it, log included (atomic writes)
// A job is written when it starts and when it finishes; the newest `keep` files are kept.
#include "retrain/job_record.hpp"

#include <cstddef>
#include <filesystem>
#include <vector>

namespace mp::retrain {

class JobStore {
 public:
  // Creates nothing until the first save; keep >= 1.
  JobStore(std::filesystem::path dir, std::size_t keep);

  // Writes the job's file, then deletes the oldest beyond `keep`.
  void save(const JobSnapshot& job);
  // Every readable job, oldest first (unreadable files are skipped with a warning).
  [[nodiscard]] std::vector<JobSnapshot> load_all() const;
  [[nodiscard]] const std::filesystem::path& dir() const noexcept { return dir_; }

 private:
  [[nodiscard]] std::vector<std::filesystem::path> files_oldest_first() const;

  std::filesystem::path dir_;
  std::size_t keep_;
};

// The order jobs were created in, from their ids ("job-<UTC time>-<counter>"); a counter restarts
// with the process, so it only breaks ties within one second.
bool created_before(const std::string& a, const std::string& b);
// The counter of a job id (0 for another shape).
std::size_t job_counter_of(const std::string& id);

}  // namespace mp::retrain
