#!/usr/bin/python3
"""make-demo-scans.py — ONE-OFF AUTHOR TOOL, not run by the build.

Draws the sample scans under etc/demo/scans/ that `radesk demo` packs into
its bundles (the demo itself only reads the committed images; it never
needs PIL). Re-run only to change the pictures:

    apt-get install python3-pil fonts-wqy-microhei
    /usr/bin/python3 tools/make-demo-scans.py etc/demo/scans

Everything is fictitious: no real company, person or face.
"""
import math
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
RED = (205, 30, 35)
INK = (30, 30, 40)
PAPER = (248, 246, 238)
OUT = sys.argv[1] if len(sys.argv) > 1 else "etc/demo/scans"


def font(size):
    return ImageFont.truetype(FONT, size)


def star(d, cx, cy, r, fill):
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.4
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(pts, fill=fill)


def seal(img, cx, cy, r, name, bottom="合同专用章"):
    """A red round company seal: ring, star, name around the top."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    col = RED + (200,)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=col, width=max(3, r // 14))
    star(d, cx, cy, r * 0.28, col)
    f = font(int(r * 0.22))
    n = len(name)
    span = math.radians(250)
    for i, ch in enumerate(name):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
        x = cx + r * 0.72 * math.cos(a)
        y = cy + r * 0.72 * math.sin(a)
        g = Image.new("RGBA", (int(r * 0.3), int(r * 0.3)), (0, 0, 0, 0))
        ImageDraw.Draw(g).text((0, 0), ch, font=f, fill=col)
        g = g.rotate(-math.degrees(a) - 90, expand=True)
        layer.alpha_composite(g, (int(x - g.width / 2), int(y - g.height / 2)))
    fb = font(int(r * 0.16))
    w = d.textlength(bottom, font=fb)
    d.text((cx - w / 2, cy + r * 0.42), bottom, font=fb, fill=col)
    layer = layer.filter(ImageFilter.GaussianBlur(0.8))
    img.alpha_composite(layer)


def signature(d, x, y, rnd):
    pts = [(x, y)]
    for i in range(14):
        pts.append((x + i * 9 + rnd.randint(-3, 3), y + rnd.randint(-16, 12)))
    d.line(pts, fill=(20, 30, 110), width=3, joint="curve")


def grain(img, rnd, amount=10):
    px = img.load()
    for _ in range(img.width * img.height // 40):
        x, y = rnd.randrange(img.width), rnd.randrange(img.height)
        r, g, b = px[x, y][:3]
        k = rnd.randint(-amount, amount)
        px[x, y] = (max(0, min(255, r + k)), max(0, min(255, g + k)), max(0, min(255, b + k))) + \
            ((255,) if img.mode == "RGBA" else ())


def application_form(org, uscc, rnd):
    img = Image.new("RGBA", (1000, 1400), PAPER + (255,))
    d = ImageDraw.Draw(img)
    d.text((230, 60), "数字证书业务申请表", font=font(52), fill=INK)
    d.text((330, 130), "（机构证书 · 介质遗失补办）", font=font(26), fill=INK)
    rows = [("单位名称", org), ("统一社会信用代码", uscc), ("单位地址", "深圳市南山区科苑路 15 号"),
            ("经办人姓名", "张 三"), ("经办人证件号", "4403**********0039"), ("联系电话", "138****8000"),
            ("证书序列号", "712C1B5A584A1BBE"), ("业务类型", "☑ 补办  ☐ 续期  ☐ 新办"),
            ("缴费方式", "☑ 微信  ☐ 支付宝  ☐ 对公转账")]
    y = 220
    for k, v in rows:
        d.rectangle((80, y, 920, y + 80), outline=INK, width=2)
        d.line((340, y, 340, y + 80), fill=INK, width=2)
        d.text((100, y + 22), k, font=font(28), fill=INK)
        d.text((365, y + 22), v, font=font(28), fill=(20, 30, 110))
        y += 80
    d.text((80, y + 40), "本单位承诺所填信息真实有效，并承担相应法律责任。", font=font(26), fill=INK)
    d.text((560, y + 130), "经办人签字：", font=font(28), fill=INK)
    signature(d, 730, y + 150, rnd)
    d.text((560, y + 230), "单位盖章：", font=font(28), fill=INK)
    d.text((560, y + 300), "2026 年 11 月 18 日", font=font(28), fill=INK)
    seal(img, 780, y + 250, 120, org)
    grain(img, rnd)
    return img.convert("RGB")


def business_license(org, uscc, rnd):
    img = Image.new("RGBA", (1400, 1000), (252, 250, 244, 255))
    d = ImageDraw.Draw(img)
    d.rectangle((20, 20, 1380, 980), outline=(170, 120, 40), width=12)
    d.rectangle((44, 44, 1356, 956), outline=(170, 120, 40), width=3)
    # emblem-like header: a red disc with five gold stars (not the real emblem)
    d.ellipse((640, 70, 760, 190), fill=RED)
    star(d, 700, 122, 30, (250, 210, 60))
    for i, (dx, dy) in enumerate(((-38, -22), (-22, -40), (22, -40), (38, -22))):
        star(d, 700 + dx, 122 + dy + 28, 9, (250, 210, 60))
    d.text((560, 205), "营 业 执 照", font=font(70), fill=RED)
    d.text((120, 330), "统一社会信用代码  " + uscc, font=font(30), fill=INK)
    rows = [("名        称", org), ("类        型", "有限责任公司（自然人投资或控股）"),
            ("法定代表人", "王 五"), ("注册资本", "伍佰万元整"), ("成立日期", "2018 年 06 月 12 日"),
            ("住        所", "深圳市南山区粤海街道科苑路 15 号")]
    y = 400
    for k, v in rows:
        d.text((120, y), k, font=font(30), fill=INK)
        d.text((340, y), v, font=font(30), fill=INK)
        y += 62
    d.text((900, 820), "登记机关", font=font(30), fill=INK)
    d.text((880, 870), "2024 年 03 月 05 日", font=font(26), fill=INK)
    seal(img, 1000, 820, 110, "深圳市市场监督管理局", bottom="登记专用")
    grain(img, rnd)
    return img.convert("RGB")


def id_front(rnd):
    img = Image.new("RGBA", (856, 540), (236, 240, 246, 255))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((6, 6, 850, 534), radius=30, outline=(150, 160, 180), width=4)
    f = font(30)
    for i, (k, v) in enumerate((("姓名", "张三"), ("性别", "男   民族 汉"), ("出生", "1990 年 1 月 1 日"),
                                ("住址", "广东省深圳市南山区"), ("", "科苑路 15 号"))):
        d.text((60, 60 + i * 62), k, font=font(26), fill=(90, 100, 120))
        d.text((150, 58 + i * 62), v, font=f, fill=INK)
    d.text((60, 440), "公民身份号码", font=font(26), fill=(90, 100, 120))
    d.text((250, 436), "440301199001010039", font=font(34), fill=INK)
    # placeholder silhouette, no real person
    d.rectangle((600, 70, 800, 330), fill=(210, 214, 222))
    d.ellipse((650, 100, 750, 210), fill=(150, 155, 165))
    d.pieslice((610, 210, 790, 400), 180, 360, fill=(150, 155, 165))
    d.text((615, 340), "样 本", font=font(28), fill=RED)
    grain(img, rnd, 6)
    return img.convert("RGB")


def id_back(rnd):
    img = Image.new("RGBA", (856, 540), (236, 240, 246, 255))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((6, 6, 850, 534), radius=30, outline=(150, 160, 180), width=4)
    d.ellipse((60, 50, 200, 190), fill=RED)
    star(d, 130, 115, 40, (250, 210, 60))
    d.text((260, 70), "中华人民共和国", font=font(48), fill=INK)
    d.text((300, 150), "居 民 身 份 证", font=font(44), fill=INK)
    d.text((120, 360), "签发机关   深圳市公安局南山分局", font=font(28), fill=INK)
    d.text((120, 420), "有效期限   2016.05.20-2036.05.20", font=font(28), fill=INK)
    d.text((700, 470), "样本", font=font(26), fill=RED)
    grain(img, rnd, 6)
    return img.convert("RGB")


def exif_rotated(img):
    """Store the image turned 90° and say so in EXIF orientation 6."""
    ex = Image.Exif()
    ex[0x0112] = 6
    return img.rotate(90, expand=True), ex


def main():
    os.makedirs(OUT, exist_ok=True)
    rnd = random.Random(20261120)
    org, uscc = "深圳市星河数智科技有限公司", "91440300MA5G7K3P2X"
    form = application_form(org, uscc, rnd)
    lic = business_license(org, uscc, rnd)
    front, back = id_front(rnd), id_back(rnd)
    form.resize((800, 1120)).save(f"{OUT}/form.jpg", quality=70)
    form.resize((700, 980)).rotate(90, expand=True).save(f"{OUT}/form-rotated.jpg", quality=70)
    lic.resize((1120, 800)).save(f"{OUT}/license.jpg", quality=70)
    r, ex = exif_rotated(lic.resize((1050, 750)))
    r.save(f"{OUT}/license-exif6.jpg", quality=70, exif=ex)
    lic.resize((240, 160)).save(f"{OUT}/license-lowres.png", optimize=True)
    front.save(f"{OUT}/id-front.jpg", quality=75)
    front.resize((428, 270)).convert("P", palette=Image.ADAPTIVE, colors=64).save(f"{OUT}/id-front.gif")
    back.save(f"{OUT}/id-back.png", optimize=True)
    back.resize((428, 270)).save(f"{OUT}/id-back.bmp")
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(f"{OUT}/{f}"))


if __name__ == "__main__":
    main()
