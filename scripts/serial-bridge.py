#!/usr/bin/env python3
"""Bridge an emulator's serial port (a TCP client: Bochs' com1
mode=socket-client) to this process's stdin/stdout, keeping a copy of
the output in a log file.

    serial-bridge.py PORTFILE LOG

Listens on 127.0.0.1 (a free port, written to PORTFILE), accepts one
connection, then copies the socket to stdout and LOG, and stdin to the
socket, until the emulator closes the connection. A terminal on stdin
is put in character mode without local echo (the guest echoes), Ctrl-C
still ends the run; it is restored at the end.
"""
import os
import select
import signal
import socket
import sys
import termios


def char_mode(fd):
    """Character at a time, no echo, keep signals; returns the old mode."""
    try:
        old = termios.tcgetattr(fd)
    except (termios.error, OSError):
        return None
    new = termios.tcgetattr(fd)
    new[0] &= ~termios.ICRNL
    new[3] &= ~(termios.ICANON | termios.ECHO)
    new[6][termios.VMIN], new[6][termios.VTIME] = 1, 0
    termios.tcsetattr(fd, termios.TCSANOW, new)
    return old


def main():
    portfile, log = sys.argv[1], sys.argv[2]
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.getsockname()[1]))
    os.rename(portfile + ".tmp", portfile)
    conn, _ = srv.accept()
    srv.close()
    out = sys.stdout.buffer
    fds = [conn.fileno()]
    stdin = sys.stdin.fileno()
    try:
        os.fstat(stdin)
        fds.append(stdin)
    except OSError:
        pass
    # killed with the run: SystemExit, so the terminal is restored
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    old = char_mode(stdin) if stdin in fds else None
    try:
        copy_loop(conn, fds, stdin, out, log)
    finally:
        if old:
            termios.tcsetattr(stdin, termios.TCSANOW, old)


def copy_loop(conn, fds, stdin, out, log):
    with open(log, "ab", buffering=0) as copy:
        while True:
            ready, _, _ = select.select(fds, [], [])
            if conn.fileno() in ready:
                data = conn.recv(4096)
                if not data:
                    return
                copy.write(data)
                out.write(data)
                out.flush()
            if stdin in ready:
                data = os.read(stdin, 4096)
                if not data:
                    fds.remove(stdin)  # EOF: keep copying output
                    continue
                conn.sendall(data)


if __name__ == "__main__":
    main()
