// Placeholder until its issue lands; replaced by the real command.
#include "cli/commands.hpp"
#include "common/error.hpp"

namespace kg::cli {
int cmd_shell(int, char**) { throw UsageError("'kg shell' is not available in this build yet"); }
}  // namespace kg::cli
