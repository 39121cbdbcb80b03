#!/usr/bin/python3
"""match.py SHOT.png SCAN AREA_X AREA_Y AREA_W AREA_H — is the scan shown
in that area of the screenshot? The scan is fitted into the area (as the
viewer fits it at 100%), downscaled with the shot by 4, and slid over
the area; the best position's mean difference per channel must be small
(0-255 scale; the limit allows for sixel's palette and the cell
rounding). Prints the best position and its score; exit 1 if no match.
"""
import sys
from PIL import Image, ImageChops, ImageStat

shot = Image.open(sys.argv[1]).convert("RGB")
scan = Image.open(sys.argv[2]).convert("RGB")
ax, ay, aw, ah = (int(v) for v in sys.argv[3:7])
limit = float(sys.argv[7]) if len(sys.argv) > 7 else 30.0
area = shot.crop((ax, ay, ax + aw, ay + ah))
k = 4
area_s = area.resize((aw // k, ah // k), Image.BOX)
best = None
for fit in (1.0, 0.97, 0.94, 0.9):
    f = min(aw / scan.width, ah / scan.height) * fit
    w, h = max(1, int(scan.width * f) // k), max(1, int(scan.height * f) // k)
    s = scan.resize((w, h), Image.BOX)
    for dy in range(0, area_s.height - h + 1):
        for dx in range(0, area_s.width - w + 1):
            c = area_s.crop((dx, dy, dx + w, dy + h))
            m = sum(ImageStat.Stat(ImageChops.difference(c, s)).mean) / 3
            if best is None or m < best[0]:
                best = (m, dx * k + ax, dy * k + ay, w * k, h * k)
m, bx, by, bw, bh = best
a = list(area.crop((bx - ax, by - ay, bx - ax + bw, by - ay + bh))
         .resize((bw // k, bh // k), Image.BOX).convert("L").getdata())
f = min(aw / scan.width, ah / scan.height)
b = list(scan.resize((bw // k, bh // k), Image.BOX).convert("L").getdata())
n = len(a)
ma, mb = sum(a) / n, sum(b) / n
cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
va = sum((x - ma) ** 2 for x in a)
vb = sum((y - mb) ** 2 for y in b)
r = cov / (va * vb) ** 0.5 if va > 0 and vb > 0 else 0.0
print("best: difference %.1f (limit %.1f), r = %.3f, at %d,%d size %dx%d"
      % (m, limit, r, bx, by, bw, bh))
sys.exit(0 if m <= limit and r >= 0.75 else 1)
