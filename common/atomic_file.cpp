#include "common/atomic_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <iterator>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "common/error.hpp"

namespace kg {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  if (path_ == "-") {
    to_stdout_ = true;
    file_ = stdout;
    return;
  }
  struct stat st;
  if (::stat(path_.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      throw IoError("cannot write '" + path_ + "': is a directory", SourcePos::of_file(path_));
    if (!S_ISREG(st.st_mode)) {
      file_ = std::fopen(path_.c_str(), "wb");
      if (!file_) throw IoError("cannot write '" + path_ + "': " + std::strerror(errno), SourcePos::of_file(path_));
      direct_ = true;
      return;
    }
  }
  target_ = path_;
  struct stat lst;
  if (::lstat(path_.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
    if (char* real = ::realpath(path_.c_str(), nullptr)) {
      target_ = real;
      std::free(real);
    }
  }
  // mkstemp in the target's directory so rename() stays on one file system.
  tmp_path_ = target_ + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp_path_.data());
  if (fd < 0) throw IoError("cannot write '" + path_ + "': " + std::strerror(errno), SourcePos::of_file(path_));
  // mkstemp creates 0600; give the file the usual permissions (umask applies).
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    ::close(fd);
    ::unlink(tmp_path_.c_str());
    throw IoError("cannot write '" + path_ + "': " + std::strerror(errno), SourcePos::of_file(path_));
  }
}

AtomicFile::~AtomicFile() {
  if (to_stdout_ || committed_) return;
  if (direct_) {
    if (file_) std::fclose(file_);
    return;
  }
  if (file_) std::fclose(file_);
  ::unlink(tmp_path_.c_str());
}

void AtomicFile::write(std::string_view data) {
  if (data.empty()) return;
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size())
    throw IoError("cannot write '" + path_ + "': " + std::strerror(errno), SourcePos::of_file(path_));
}

void AtomicFile::commit() {
  if (to_stdout_) {
    std::fflush(stdout);
    committed_ = true;
    return;
  }
  if (direct_) {
    bool ok = std::fflush(file_) == 0;
    int err = errno;
    ok = std::fclose(file_) == 0 && ok;
    file_ = nullptr;
    committed_ = true;
    if (!ok) throw IoError("cannot write '" + path_ + "': " + std::strerror(err), SourcePos::of_file(path_));
    return;
  }
  bool ok = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
  int err = errno;
  ok = (std::fclose(file_) == 0) && ok;
  file_ = nullptr;
  if (!ok || ::rename(tmp_path_.c_str(), target_.c_str()) != 0) {
    if (ok) err = errno;
    ::unlink(tmp_path_.c_str());
    committed_ = true;  // nothing left to clean up
    throw IoError("cannot write '" + path_ + "': " + std::strerror(err), SourcePos::of_file(path_));
  }
  committed_ = true;
}

void write_file_atomic(const std::string& path, std::string_view data) {
  AtomicFile f(path);
  f.write(data);
  f.commit();
}

std::string read_file(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw IoError("cannot open '" + path + "': " + std::strerror(errno), SourcePos::of_file(path));
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw IoError("cannot read '" + path + "': is a directory", SourcePos::of_file(path));
  }
  std::string out;
  if (st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      throw IoError("cannot read '" + path + "': " + std::strerror(err), SourcePos::of_file(path));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace kg
