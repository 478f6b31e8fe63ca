#pragma once
// Training shares the machine with serving: a retraining takes every core it is given, and at
// the same priority the request threads would wait behind it. Training threads therefore run
// below them (nice, SCHED_BATCH); serving threads keep the default priority.
namespace mp::retrain {

// Lowers the calling thread to nice `nice` and SCHED_BATCH and names it "mp-train". Threads it
// creates afterwards inherit both (Linux keeps nice per thread), among them the OpenMP team that
// XGBoost starts from it (libgomp keeps one team per master thread). nice 0 changes nothing.
// Throws IoError when the kernel refuses.
void become_training_thread(int nice);

}  // namespace mp::retrain
