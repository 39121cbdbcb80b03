#!/usr/bin/python3
"""mkbundle.py — craft submission bundles (good and hostile) for the
ingest end-to-end test. Standard library only.

    mkbundle.py OUT.zip CASE [key=value ...]

CASE is "good" or the name of one broken rule (see CASES). key=value
override app_no, version, type (replace|renew|new), holder, method,
account (the financial account number; the sandbox's deposit rules
read its last digit).
"""
import hashlib
import json
import struct
import sys
import zipfile
import warnings
import zlib

warnings.simplefilter("ignore")

USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
RID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def rid(prefix17):
    s = sum(int(c) * w for c, w in zip(prefix17, RID_W))
    return prefix17 + "10X98765432"[s % 11]


def uscc(prefix17):
    s = sum(USCC_ALPHA.index(c) * w for c, w in zip(prefix17, USCC_W))
    return prefix17 + USCC_ALPHA[(31 - s % 31) % 31]


def png(w, h, seed=1, noise=False):
    rows = bytearray()
    x = seed
    for y in range(h):
        rows.append(0)
        if not noise and y % 16:
            rows += bytes((240, 240, 235)) * w
            continue
        for _ in range(w):
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF
            rows += bytes((x >> 8 & 0xFF, x >> 16 & 0xFF, 200))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def gif(w, h):
    # a w x h screen whose one frame is a single pixel: complete, so it
    # decodes to the end (the LZW data is clear, 0, end of information)
    return b"GIF89a" + struct.pack("<HH", w, h) + b"\x80\x00\x00" + b"\x00" * 6 + \
        b",\x00\x00\x00\x00" + struct.pack("<HH", 1, 1) + b"\x00\x02\x02\x44\x01\x00;"


def bmp(w, h):
    row = (w * 3 + 3) & ~3
    data = bytes(range(256)) * ((row * h) // 256 + 1)
    data = data[: row * h]
    return (b"BM" + struct.pack("<IHHI", 54 + len(data), 0, 0, 54)
            + struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(data), 2835, 2835, 0, 0) + data)


def png_gray(w, h):
    """A flat grey PNG: small on disk, w*h pixels to decode."""
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    raw = (b"\0" + b"\xc8" * w) * h
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def jpeg(w, h):
    """A real baseline JPEG (Pillow), or None when Pillow is missing."""
    try:
        from PIL import Image, ImageDraw
        import io
    except ImportError:
        return None
    im = Image.new("RGB", (w, h), (245, 245, 240))
    d = ImageDraw.Draw(im)
    for y in range(0, h, 40):
        d.line([(20, y), (w - 20, y)], fill=(30, 30, 30), width=2)
    b = io.BytesIO()
    im.save(b, "JPEG", quality=85)
    return b.getvalue()


def set_path(m, path, value):
    keys = path.split(".")
    for k in keys[:-1]:
        m = m.setdefault(k, {})
    if value is None:
        m.pop(keys[-1], None)
    else:
        m[keys[-1]] = value


def manifest(app_no, version, typ, holder, method, files, account="4000023009200123456"):
    org = "深圳市星河数智科技有限公司"
    m = {
        "format": "radesk-bundle/1", "app_no": app_no, "version": version, "type": typ,
        "submitted_at": "2026-11-20T09:31:02+08:00", "channel": "web",
        "certificate": {"serial": "712C1B5A584A1BBE" + app_no[-4:], "holder": holder,
                        "algorithm": "SM2", "not_after": "2027-03-01T00:00:00+08:00",
                        "subject_cn": org},
        "organization": {"name": org, "id_type": "uscc", "id_no": uscc("91440300MA5G7K3P2"),
                         "province": "广东省", "city": "深圳市", "address": "南山区科技园科苑路 15 号"},
        "handler": {"name": "张三", "id_type": "resident_id", "id_no": rid("44030119900101003"),
                    "mobile": "13800138000", "email": "zhang@example.cn", "position": "行政专员"},
        "applicant": {"name": "李四", "id_type": "resident_id", "id_no": rid("11010519850312004"),
                      "mobile": "13900139000", "email": "li@example.cn"},
        "financial": {"account_name": org, "bank": "中国工商银行深圳科技园支行",
                      "account_no": account},
        "shipping": {"recipient": "张三", "mobile": "13800138000", "province": "广东省",
                     "city": "深圳市", "county": "南山区", "address": "科苑路 15 号", "postcode": "518057"},
        "invoice": {"wanted": True, "title": org, "taxpayer_id": uscc("91440300MA5G7K3P2")},
        "payment": {"method": method, "amount_fen": {"replace": 10000, "renew": 30000, "new": 50000}[typ],
                    "trade_no": "4200001234202611200000000001"},
        "liveness": {"passed": True, "score": 0.97, "ref": "LV-20261120-000123"},
        "files": files,
    }
    if method == "transfer":
        del m["payment"]["trade_no"]
        m["payment"]["transfer"] = {"payer_account": "4000023009200123456", "payer_name": org,
                                    "amount_fen": m["payment"]["amount_fen"], "date": "2026-11-19"}
    if typ == "renew":
        del m["shipping"]
        m["renewal"] = {"months": 12, "sync_dual_cert": False}
    return m


def main():
    out, case = sys.argv[1], sys.argv[2]
    opt = dict(a.split("=", 1) for a in sys.argv[3:])
    app_no = opt.get("app_no", "017047461437547153")
    version = int(opt.get("version", "1"))
    typ = opt.get("type", "replace")
    holder = opt.get("holder", "org")
    method = opt.get("method", "wechat")
    seed = int(app_no[-3:]) + version
    scans = [("application_form", "files/form.png", png(620, 880, seed)),
             ("business_license", "files/license.png", png(880, 620, seed + 1)),
             ("id_front", "files/id_front.bmp", bmp(428, 270)),
             ("id_back", "files/id_back.gif", gif(428, 270))]
    if case == "missing_scan":
        scans = scans[:3]
    # --- scans that do not decode completely (spec revision 2) ---
    if case in ("jpeg_ok", "trailing_jpeg", "truncated_jpeg", "corrupt_jpeg"):
        j = jpeg(620, 880)
        if j is None:
            sys.exit(3)  # Pillow missing: the caller skips
        if case == "trailing_jpeg":
            j += b"PK\x03\x04<?php system($_GET['c']); ?>" * 8
        if case == "truncated_jpeg":
            j = j[: len(j) * 2 // 3]
        if case == "corrupt_jpeg":
            j = j[:600] + bytes((x * 7) & 0xFF for x in range(4000)) + j[4600:]
        scans[0] = ("application_form", "files/form.jpg", j)
    if case == "trailing_png":
        scans[1] = (scans[1][0], scans[1][1], scans[1][2] + b"PK\x03\x04" + b"hidden" * 50)
    if case == "truncated_png":
        scans[1] = (scans[1][0], scans[1][1], scans[1][2][:-40])
    if case == "undecodable_png":
        d = bytearray(scans[1][2])
        for i in range(60, len(d) - 40):
            d[i] ^= 0x5A
        scans[1] = (scans[1][0], scans[1][1], bytes(d))
    if case == "trailing_gif":
        scans[3] = (scans[3][0], scans[3][1], scans[3][2] + b"GIF89a-hidden-payload" * 4)
    if case == "bmp_mismatch":
        scans[2] = (scans[2][0], scans[2][1], scans[2][2] + b"\0" * 64 + b"MZ-payload")
    if case == "over_pixels":
        scans[3] = (scans[3][0], scans[3][1], gif(9000, 9000))
    if case == "slow_scan":
        scans[1] = (scans[1][0], "files/license.png", png_gray(6000, 6000))
    if case == "nfc_names":
        # a precomposed and a decomposed "é": one name after NFC
        d = png(400, 400, 3)
        scans.append(("other", "files/caf\u00e9.png", d))
        scans.append(("other", "files/cafe\u0301.png", d))
    if case == "wrong_type":
        scans[0] = (scans[0][0], "files/form.png", b"%PDF-1.4 this is not an image\n" * 20)
    files = [{"role": r, "path": p, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
             for r, p, d in scans]
    if case == "sha_mismatch":
        files[2]["sha256"] = "0" * 64
    if case == "size_mismatch":
        files[1]["size"] += 1
    m = manifest(app_no, version, typ, holder, method, files,
                 opt.get("account", "4000023009200123456"))
    if case == "missing_key":
        del m["handler"]["id_no"]
    if case == "wrong_types":
        m["payment"]["amount_fen"] = "100.00"
    if case == "future":
        m["submitted_at"] = opt.get("when", "2026-11-20T10:06:00+08:00")
    for k, v in opt.items():
        if k.startswith("setj."):
            set_path(m, k[5:], json.loads(v))
        elif k.startswith("del."):
            set_path(m, k[4:], None)
    if case == "bad_json":
        mtext = b'{"format": "radesk-bundle/1", '
    else:
        mtext = json.dumps(m, ensure_ascii=False, indent=1).encode()
    if case == "manifest_too_big":
        m["channel"] = "x" * 1000
        m["padding"] = ["%08d" % i for i in range(40000)]  # unknown key, 400+ KiB
        mtext = json.dumps(m).encode()

    ST, DF = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("manifest.json"), mtext, DF)
        for r, p, d in scans:
            z.writestr(zipfile.ZipInfo(p), d, ST)
        if case == "symlink":
            zi = zipfile.ZipInfo("files/link.png")
            zi.create_system = 3
            zi.external_attr = (0o120777 << 16)
            z.writestr(zi, "/etc/passwd", ST)
        if case == "dotdot":
            z.writestr(zipfile.ZipInfo("files/../evil.png"), b"x", ST)
        if case == "absolute":
            z.writestr(zipfile.ZipInfo("/tmp/evil.png"), b"x", ST)
        if case == "backslash":
            z.writestr(zipfile.ZipInfo("files\\evil.png"), b"x", ST)
        if case == "duplicate_name":
            z.writestr(zipfile.ZipInfo(scans[0][1]), scans[0][2], ST)
        if case == "outside_files":
            z.writestr(zipfile.ZipInfo("extra/readme.txt"), b"hello", ST)
        if case == "unlisted":
            z.writestr(zipfile.ZipInfo("files/extra.png"), png(400, 400), ST)
        if case in ("gbk_name", "gbk_central", "gbk_local"):
            z.writestr(zipfile.ZipInfo("files/QQQQ.png"), png(400, 400), ST)
        if case == "encrypted":
            z.writestr(zipfile.ZipInfo("files/secret.png"), png(400, 400), ST)
        if case == "zip_bomb":
            z.writestr(zipfile.ZipInfo("files/bomb.png"), b"\0" * (1024 * 1024), DF)
        if case == "too_many_entries":
            for i in range(20):
                z.writestr(zipfile.ZipInfo("files/x%02d.png" % i), png(10, 10, i), ST)
        if case == "oversize_scan":
            big = png(1000, 1000, 7, noise=True)  # ~3 MB of noise, does not compress
            z.writestr(zipfile.ZipInfo("files/huge.png"), big, ST)
    if case == "encrypted":
        # zipfile resets flag_bits: set "encrypted" (bit 0) in the local
        # and the central header of files/secret.png by hand
        raw = bytearray(open(out, "rb").read())
        name = b"files/secret.png"
        i = raw.find(name)
        while i >= 0:
            if raw[i - 30:i - 26] == b"PK\x03\x04":
                raw[i - 30 + 6] |= 1
            elif raw[i - 46:i - 42] == b"PK\x01\x02":
                raw[i - 46 + 8] |= 1
            i = raw.find(name, i + 1)
        open(out, "wb").write(bytes(raw))
    if case == "gbk_name":
        raw = open(out, "rb").read()
        raw = raw.replace(b"QQQQ", "测试".encode("gbk"))  # GBK, no UTF-8 flag
        open(out, "wb").write(raw)
    if case == "gbk_local":
        # the GBK name in the local header only: libzip itself would
        # only say "Zip archive inconsistent"
        raw = bytearray(open(out, "rb").read())
        i = raw.find(b"files/QQQQ.png")
        raw[i + 6:i + 10] = "测试".encode("gbk")
        open(out, "wb").write(bytes(raw))
    if case == "gbk_central":
        # the name in GBK in the central directory only, as some tools
        # leave it: libzip's consistency check would call it "inconsistent"
        raw = bytearray(open(out, "rb").read())
        i = raw.rfind(b"files/QQQQ.png")
        raw[i + 6:i + 10] = "测试".encode("gbk")
        open(out, "wb").write(bytes(raw))


if __name__ == "__main__":
    main()
