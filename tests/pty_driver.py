"""A small pseudo-terminal driver for the shell's end-to-end tests.

Runs a program on a pty of a fixed size, types into it and waits for text to
appear, with escape sequences stripped. Every wait has a deadline, and a
failed wait raises with the transcript so a CI log shows what the terminal
showed. Standard library only (pty, select).

    t = Term([kg, "shell", graph], env=env)
    t.expect(r"kg> ")
    t.send("MATCH ('Micro\t")
    t.expect(r"'Microsoft'")
"""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x07")


def clean(data):
    """Bytes from the terminal as text, without escape sequences and CRs."""
    return _ANSI.sub(b"", data).replace(b"\r", b"").decode("utf-8", "replace")


class ExpectError(AssertionError):
    pass


class Term:
    def __init__(self, argv, env=None, cols=100, rows=30, cwd=None):
        self.argv = argv
        pid, fd = pty.fork()
        if pid == 0:  # child: the pty is stdin/stdout/stderr
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                if cwd:
                    os.chdir(cwd)
                os.execvpe(argv[0], argv, env if env is not None else os.environ)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.raw = b""  # everything the program wrote
        self.pos = 0  # expect() searches clean(raw) from here
        self.status = None

    def _pump(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the program closed the terminal
            data = b""
        if not data:
            raise EOFError
        self.raw += data
        return True

    def text(self):
        return clean(self.raw)

    def expect(self, pattern, timeout=10.0):
        """Waits until `pattern` (regex) shows after the previous match; returns the match."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.text(), self.pos)
            if m:
                self.pos = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                self._pump(min(left, 0.2))
            except EOFError:
                m = rx.search(self.text(), self.pos)
                if m:
                    self.pos = m.end()
                    return m
                break
        raise ExpectError("timed out after %.1fs waiting for %r\n--- terminal since last match ---\n%s\n---"
                          % (timeout, pattern, self.text()[self.pos:][-3000:]))

    def settle(self, quiet=0.3, timeout=5.0):
        """Reads until the program has been quiet for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if not self._pump(quiet):
                    return
            except EOFError:
                return

    def send(self, text):
        os.write(self.fd, text.encode("utf-8"))

    def sendline(self, text=""):
        self.send(text + "\r")

    def wait_exit(self, timeout=10.0):
        """Waits for the program to end; returns its exit status (kills it after the deadline)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self._pump(0.1)
            except EOFError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
        self.kill()
        raise ExpectError("program did not exit within %.1fs\n%s" % (timeout, self.text()[-3000:]))

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass

    def close(self):
        if self.status is None:
            self.kill()
        try:
            os.close(self.fd)
        except OSError:
            pass
