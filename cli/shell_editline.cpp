#include "cli/shell_editline.hpp"

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "cli/shell.hpp"
#include "common/atomic_file.hpp"
#include "common/text.hpp"
#include "query/completion.hpp"
#include "query/table.hpp"

#ifdef KG_HAVE_LIBEDIT
#include <histedit.h>
#endif

namespace kg::cli {

std::string default_history_path() {
  if (const char* p = std::getenv("KG_HISTORY"); p && *p) return p;
  if (const char* s = std::getenv("XDG_STATE_HOME"); s && *s) return std::string(s) + "/kg/history";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.local/state/kg/history";
  return "";
}

static void make_parent_dirs(const std::string& path) {
  for (std::size_t p = path.find('/', 1); p != std::string::npos; p = path.find('/', p + 1))
    ::mkdir(path.substr(0, p).c_str(), 0700);  // EEXIST is fine; a real failure shows when saving
}

static bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> complete_file_name(const std::string& prefix, bool graphs_only) {
  std::string dir, base;
  auto slash = prefix.rfind('/');
  if (slash == std::string::npos) {
    base = prefix;
  } else {
    dir = prefix.substr(0, slash + 1);
    base = prefix.substr(slash + 1);
  }
  std::vector<std::string> out;
  DIR* d = ::opendir(dir.empty() ? "." : dir.c_str());
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    if (name[0] == '.' && (base.empty() || base[0] != '.')) continue;
    if (name.compare(0, base.size(), base) != 0) continue;
    struct stat st {};
    bool is_dir = ::stat((dir + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    if (graphs_only && !is_dir && !ends_with(name, ".kg") && !ends_with(name, ".kgb")) continue;
    out.push_back(dir + name + (is_dir ? "/" : ""));
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

static void keep_prefixed(std::vector<std::string>& out, const std::vector<std::string>& from, const std::string& w) {
  for (const auto& c : from)
    if (ascii_lower(c).compare(0, w.size(), ascii_lower(w)) == 0) out.push_back(c);
}

LineCompletion complete_line(const Shell& shell, const std::string& line) {
  LineCompletion lc;
  std::size_t lead = line.find_first_not_of(" \t");
  if (shell.pending().empty() && lead != std::string::npos && line[lead] == '.') {
    std::size_t space = line.find_first_of(" \t", lead);
    if (space == std::string::npos) {
      lc.word_begin = lead;
      std::string w = line.substr(lead);
      for (const auto& c : Shell::dot_commands())
        if (std::string(c.name).compare(0, w.size(), ascii_lower(w)) == 0) lc.candidates.push_back(c.name);
      lc.unique_suffix = " ";
      return lc;
    }
    std::string cmd = ascii_lower(line.substr(lead, space - lead));
    std::size_t wb = line.find_last_of(" \t") + 1;
    std::string w = line.substr(wb);
    lc.word_begin = wb;
    for (const auto& c : Shell::dot_commands()) {
      if (cmd != c.name) continue;
      switch (c.arg) {
        case DotArg::file:
        case DotArg::graph_file:
          lc.candidates = complete_file_name(w, c.arg == DotArg::graph_file);
          break;
        case DotArg::mode:
          keep_prefixed(lc.candidates, {"table", "box", "csv", "tsv", "json", "jsonl", "markdown", "list"}, w);
          lc.unique_suffix = "";
          break;
        case DotArg::on_off: keep_prefixed(lc.candidates, {"on", "off"}, w); break;
        case DotArg::param:
          if (wb == space + 1 || line.find_first_not_of(" \t", space) == wb)
            keep_prefixed(lc.candidates, {"set", "list", "clear"}, w), lc.unique_suffix = " ";
          break;
        case DotArg::none:
          if (cmd == ".help") {
            for (const auto& h : Shell::dot_commands()) {
              std::string n = h.name;
              if (n.compare(0, w.size(), w) == 0 || n.compare(1, w.size(), w) == 0) lc.candidates.push_back(n);
            }
          }
          break;
        case DotArg::number: break;
      }
    }
    return lc;
  }
  const std::string& pending = shell.pending();
  std::string text = pending + line;
  query::Completion c = query::complete_kgq(shell.graph(), text, shell.param_names());
  if (c.word_begin < pending.size()) return lc;  // the word started on an earlier line
  lc.word_begin = c.word_begin - pending.size();
  lc.quote = c.quote;
  switch (c.kind) {
    case query::CompletionKind::none: return lc;
    case query::CompletionKind::entity_name:
      lc.escape_quote = true;
      lc.unique_suffix = std::string(1, c.quote);
      break;
    case query::CompletionKind::file_name:
      lc.candidates = complete_file_name(c.word, false);
      if (lc.candidates.size() == 1 && lc.candidates[0].back() != '/') lc.unique_suffix = std::string(1, c.quote);
      return lc;
    case query::CompletionKind::keyword: lc.unique_suffix = " "; break;
    default: break;
  }
  lc.candidates = std::move(c.candidates);
  if (c.kind == query::CompletionKind::keyword && lc.candidates.size() == 1 && lc.candidates[0].back() == '(')
    lc.unique_suffix = "";
  return lc;
}

#ifdef KG_HAVE_LIBEDIT

struct LineEditor::Impl {
  Shell& shell;
  EditLine* el = nullptr;
  History* hist = nullptr;
  HistEvent ev{};
  std::string prompt;
  bool interrupted = false;
  bool interrupted_empty = false;
  bool save_failed = false;
  explicit Impl(Shell& s) : shell(s) {}
};

static LineEditor::Impl* impl_of(EditLine* el) {
  void* p = nullptr;
  el_get(el, EL_CLIENTDATA, &p);
  return static_cast<LineEditor::Impl*>(p);
}

static char* prompt_of(EditLine* el) { return const_cast<char*>(impl_of(el)->prompt.c_str()); }

// Ctrl-C at the prompt is read as a key (ISIG is off while editing): drop the
// line and return, the way sqlite3 and psql do. While a statement runs the
// terminal is back in normal mode and Ctrl-C is SIGINT, which cancels it.
static unsigned char on_interrupt(EditLine* el, int) {
  const LineInfo* li = el_line(el);
  impl_of(el)->interrupted = true;
  impl_of(el)->interrupted_empty = li->lastchar == li->buffer;
  return CC_EOF;
}

// Ctrl-Z: with ISIG off it is a key too; suspend as the terminal would
// (libedit's own SIGTSTP/SIGCONT handlers restore and redraw the line).
static unsigned char on_suspend(EditLine*, int) {
  ::raise(SIGTSTP);
  return CC_REDISPLAY;
}

// Width of the candidate list in characters.
static void list_candidates(const std::vector<std::string>& cands) {
  std::size_t width = 0;
  for (const auto& c : cands) width = std::max(width, utf8_length(c));
  std::size_t cols = std::max<std::size_t>(1, terminal_width() / (width + 2));
  const std::size_t shown = std::min<std::size_t>(cands.size(), 200);
  std::string out = "\n";
  for (std::size_t i = 0; i < shown; ++i) {
    out += cands[i];
    bool last_in_row = (i + 1) % cols == 0 || i + 1 == shown;
    out += last_in_row ? "\n" : std::string(width + 2 - utf8_length(cands[i]), ' ');
  }
  if (shown < cands.size()) out += "… and " + std::to_string(cands.size() - shown) + " more\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

static unsigned char on_tab(EditLine* el, int) {
  LineEditor::Impl* self = impl_of(el);
  const LineInfo* li = el_line(el);
  std::string line(li->buffer, static_cast<std::size_t>(li->cursor - li->buffer));
  LineCompletion lc;
  try {
    lc = complete_line(self->shell, line);
  } catch (...) {
    return CC_REFRESH_BEEP;  // completion must never take the shell down
  }
  if (lc.candidates.empty() || lc.word_begin > line.size()) return CC_REFRESH_BEEP;
  std::string typed = line.substr(lc.word_begin);
  std::string insert;
  if (lc.candidates.size() == 1) {
    insert = (lc.escape_quote ? query::quote_escape(lc.candidates[0], lc.quote) : lc.candidates[0]) + lc.unique_suffix;
  } else {
    std::string prefix = query::common_prefix(lc.candidates);
    // Progress only when the shared prefix says more than what was typed
    // (candidates match case-insensitively, so compare folded).
    if (utf8_length(prefix) <= utf8_length(typed)) {
      list_candidates(lc.candidates);
      return CC_REDISPLAY;
    }
    insert = lc.escape_quote ? query::quote_escape(prefix, lc.quote) : prefix;
  }
  int chars = static_cast<int>(MB_CUR_MAX > 1 ? utf8_length(typed) : typed.size());
  if (chars > 0) el_deletestr(el, chars);
  if (el_insertstr(el, insert.c_str()) != 0) return CC_REFRESH_BEEP;
  return CC_REFRESH;
}

LineEditor::LineEditor(Shell& shell, std::string history_path)
    : impl_(new Impl(shell)), history_path_(std::move(history_path)) {
  std::setlocale(LC_CTYPE, "");  // UTF-8 entity names edit as characters
  impl_->hist = history_init();
  history(impl_->hist, &impl_->ev, H_SETSIZE, 2000);
  history(impl_->hist, &impl_->ev, H_SETUNIQUE, 1);
  if (!history_path_.empty()) history(impl_->hist, &impl_->ev, H_LOAD, history_path_.c_str());
  EditLine* el = el_init("kg", stdin, stdout, stderr);
  impl_->el = el;
  el_set(el, EL_CLIENTDATA, impl_);
  el_set(el, EL_EDITOR, "emacs");
  el_set(el, EL_PROMPT, prompt_of);
  el_set(el, EL_HIST, history, impl_->hist);
  el_set(el, EL_SIGNAL, 1);  // resize and suspend handled by libedit
  el_set(el, EL_SETTY, "-d", "-isig", nullptr);
  el_set(el, EL_ADDFN, "kg-complete", "Complete KGQ, commands and file names", on_tab);
  el_set(el, EL_ADDFN, "kg-interrupt", "Drop the line being typed", on_interrupt);
  el_set(el, EL_BIND, "^I", "kg-complete", nullptr);
  el_set(el, EL_ADDFN, "kg-suspend", "Suspend the shell (job control)", on_suspend);
  el_set(el, EL_BIND, "^C", "kg-interrupt", nullptr);
  el_set(el, EL_BIND, "^Z", "kg-suspend", nullptr);
  el_source(el, nullptr);  // ~/.editrc may rebind keys
}

LineEditor::~LineEditor() {
  if (impl_->el) el_end(impl_->el);
  if (impl_->hist) history_end(impl_->hist);
  delete impl_;
}

LineEditor::Read LineEditor::read(std::string& line, const std::string& prompt) {
  impl_->prompt = prompt;
  impl_->interrupted = false;
  int count = 0;
  const char* got = el_gets(impl_->el, &count);
  if (impl_->interrupted) return impl_->interrupted_empty ? Read::interrupt_empty : Read::interrupt;
  if (!got || count <= 0) return Read::eof;
  line.assign(got, static_cast<std::size_t>(count));
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return Read::line;
}

void LineEditor::remember(const std::string& entry) {
  if (trim(entry).empty()) return;
  history(impl_->hist, &impl_->ev, H_ENTER, entry.c_str());
  if (history_path_.empty() || impl_->save_failed) return;
  try {
    make_parent_dirs(history_path_);
    AtomicFile f(history_path_);
    history(impl_->hist, &impl_->ev, H_SAVE_FP, f.stream());
    f.commit();
  } catch (const Error& e) {
    impl_->save_failed = true;  // say it once, then keep going without
    std::cerr << "kg shell: history is not saved: " << e.message() << "\n";
  }
}

#else  // no libedit: plain lines, no completion, history only in memory

struct LineEditor::Impl {
  Shell& shell;
  explicit Impl(Shell& s) : shell(s) {}
};

LineEditor::LineEditor(Shell& shell, std::string history_path) : impl_(new Impl(shell)), history_path_(std::move(history_path)) {}
LineEditor::~LineEditor() { delete impl_; }

LineEditor::Read LineEditor::read(std::string& line, const std::string& prompt) {
  std::cout << prompt;
  std::cout.flush();
  if (!std::getline(std::cin, line)) return Read::eof;
  return Read::line;
}

void LineEditor::remember(const std::string&) {}

#endif

}  // namespace kg::cli
