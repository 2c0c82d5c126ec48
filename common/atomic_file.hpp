// Crash-safe output: everything kg writes goes to a temporary file in the
// target's directory and is renamed over the target only when complete, so a
// failed or interrupted write never leaves a half-written file behind.
#pragma once
#include <cstdio>
#include <string>
#include <string_view>

namespace kg {

class AtomicFile {
 public:
  // path "-" writes to standard output directly (nothing to rename), and so
  // does a path naming something that is not a regular file (/dev/stdout,
  // /dev/null, a FIFO): there is no file to replace, and renaming over it
  // would replace the device itself. A symbolic link to a regular file is
  // followed: its target is replaced, the link stays.
  explicit AtomicFile(std::string path);
  ~AtomicFile();  // discards the temporary file unless commit() ran
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view data);
  std::FILE* stream() { return file_; }
  // Flushes, fsyncs and renames over the target. Throws IoError on failure.
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string target_;  // path_ with symbolic links resolved: what rename() replaces
  std::string tmp_path_;
  std::FILE* file_ = nullptr;
  bool to_stdout_ = false;
  bool direct_ = false;  // writing straight into a device or pipe
  bool committed_ = false;
};

// Writes the whole string atomically.
void write_file_atomic(const std::string& path, std::string_view data);
// Reads a whole file ("-" = stdin). Throws IoError naming the file.
std::string read_file(const std::string& path);

}  // namespace kg
