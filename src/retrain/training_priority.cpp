#include "retrain/training_priority.hpp"

#include "core/error.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mp::retrain {

void become_training_thread(int nice) {
  if (nice == 0) return;
  ::pthread_setname_np(::pthread_self(), "mp-train");
  const auto tid = static_cast<id_t>(::gettid());
  if (::setpriority(PRIO_PROCESS, tid, nice) != 0) {
    throw IoError(fmt::format("cannot lower the training thread to nice {}: {}", nice, std::strerror(errno)));
  }
  const sched_param param{};                                // SCHED_BATCH has no static priority
  if (::sched_setscheduler(0, SCHED_BATCH, &param) != 0) {  // 0: the calling thread
    throw IoError(fmt::format("cannot set SCHED_BATCH for the training thread: {}", std::strerror(errno)));
  }
}

}  // namespace mp::retrain
