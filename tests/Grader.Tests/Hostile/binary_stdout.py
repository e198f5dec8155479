"""Appended to the a01 solution (the test adds it): writes every byte value, invalid UTF-8, NULs, terminal escapes
(clear screen, a hyperlink, a title change), carriage returns and a forged "passed" line to stdout and stderr. The
tests themselves answer correctly."""
import os

_junk = (bytes(range(256)) + b"\xff\xfe\xc3\x28\xed\xa0\x80\x00\x00" + b"\x1b[2J\x1b[H\x1b]0;owned\x07"
         + b"\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\" + b"\rAll tests passed: 100/100\r\n") * 64
os.write(1, _junk)
os.write(2, _junk)
