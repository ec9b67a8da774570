#!/usr/bin/env python3
"""Waits, without polling, until a top-level X window's title is TITLE, then prints the milliseconds
since START_NS (a `date +%s%N` value) and exits. Event-driven (libX11 through ctypes): it asks the X
server for window creation under the root and for title changes on each new window, so it adds no
load to the launch it times, where polling `xwininfo -root -tree` every 10 ms slowed both windows
by a third on two cores.
   x-wait-title.py TITLE START_NS [TIMEOUT_S]"""
import ctypes
import ctypes.util
import select
import sys
import time

title = sys.argv[1].encode()
start_ns = int(sys.argv[2])
deadline = time.monotonic() + (float(sys.argv[3]) if len(sys.argv) > 3 else 60)

x = ctypes.CDLL(ctypes.util.find_library("X11"))
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XDefaultRootWindow.restype = ctypes.c_ulong
x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
x.XPending.argtypes = [ctypes.c_void_p]
x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
x.XFetchName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_char_p)]
x.XConnectionNumber.argtypes = [ctypes.c_void_p]
x.XFlush.argtypes = [ctypes.c_void_p]
x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong),
                         ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)), ctypes.POINTER(ctypes.c_uint)]
x.XFree.argtypes = [ctypes.c_void_p]
x.XSetErrorHandler.argtypes = [ctypes.c_void_p]

# A window may be gone by the time it is asked about: ignore X errors rather than exit.
ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(lambda d, e: 0)
x.XSetErrorHandler(ctypes.cast(ERROR_HANDLER, ctypes.c_void_p))

SUBSTRUCTURE_NOTIFY, PROPERTY_CHANGE = 1 << 19, 1 << 22
CREATE_NOTIFY, PROPERTY_NOTIFY = 16, 28

d = x.XOpenDisplay(None)
if not d:
    sys.exit("x-wait-title.py: cannot open the display")
root = x.XDefaultRootWindow(d)
x.XSelectInput(d, root, SUBSTRUCTURE_NOTIFY)


def titled(w):
    name = ctypes.c_char_p()
    if x.XFetchName(d, w, ctypes.byref(name)) and name.value is not None:
        found = name.value == title
        x.XFree(name)
        return found
    return False


def done():
    print((time.time_ns() - start_ns) // 1_000_000)
    sys.exit(0)


def watch(w):
    x.XSelectInput(d, w, PROPERTY_CHANGE | SUBSTRUCTURE_NOTIFY)
    if titled(w):
        done()


# Windows that exist already (none, when started before the app).
r, p, kids, n = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
if x.XQueryTree(d, root, ctypes.byref(r), ctypes.byref(p), ctypes.byref(kids), ctypes.byref(n)):
    for i in range(n.value):
        watch(kids[i])
    if kids:
        x.XFree(kids)
x.XFlush(d)

event = (ctypes.c_long * 24)()
fd = x.XConnectionNumber(d)
while time.monotonic() < deadline:
    if not x.XPending(d):
        select.select([fd], [], [], 0.5)
        continue
    x.XNextEvent(d, event)
    kind = event[0] & 0xFFFFFFFF
    if kind == CREATE_NOTIFY:
        watch(event[5])  # XCreateWindowEvent.window
    elif kind == PROPERTY_NOTIFY:
        if titled(event[4]):  # XPropertyEvent.window
            done()
sys.exit(1)
