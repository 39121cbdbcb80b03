#!/usr/bin/python3
"""xkeys.py DISPLAY X Y KEY... — real key presses through the XTEST
extension (libXtst by ctypes): the pointer is moved to X,Y (into the
xterm, which then has the focus), then each KEY is typed: a keysym name
(Return, slash, q, plus) or text:ABC for the characters of ABC."""
import ctypes
import sys
import time

x11 = ctypes.CDLL("libX11.so.6")
xtst = ctypes.CDLL("libXtst.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XStringToKeysym.restype = ctypes.c_ulong
x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
x11.XKeysymToKeycode.restype = ctypes.c_ubyte
x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
x11.XFlush.argtypes = [ctypes.c_void_p]
xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]

d = x11.XOpenDisplay(sys.argv[1].encode())
if not d:
    sys.exit("cannot open display " + sys.argv[1])
xtst.XTestFakeMotionEvent(d, -1, int(sys.argv[2]), int(sys.argv[3]), 0)
x11.XFlush(d)
time.sleep(0.1)
NAMES = {"/": "slash", "-": "minus", "+": "plus", " ": "space"}
shift = x11.XKeysymToKeycode(d, x11.XStringToKeysym(b"Shift_L"))


def tap(name):
    sym = x11.XStringToKeysym(name.encode())
    code = x11.XKeysymToKeycode(d, sym)
    if not code:
        sys.exit("no key for " + name)
    up = name.isalpha() and len(name) == 1 and name.isupper() or name in ("plus",)
    if up:
        xtst.XTestFakeKeyEvent(d, shift, 1, 0)
    xtst.XTestFakeKeyEvent(d, code, 1, 0)
    xtst.XTestFakeKeyEvent(d, code, 0, 0)
    if up:
        xtst.XTestFakeKeyEvent(d, shift, 0, 0)
    x11.XFlush(d)
    time.sleep(0.05)


for k in sys.argv[4:]:
    if k.startswith("text:"):
        for ch in k[5:]:
            tap(NAMES.get(ch, ch))
    else:
        tap(k)
