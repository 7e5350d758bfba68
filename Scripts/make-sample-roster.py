#!/usr/bin/env python3
"""Writes Fixtures/sample/roster.xml, the bundled sample roster.

The roster holds a unit tree shaped like a national legislature (its Office,
committees, provincial delegations and IT centre) and a few hundred fictional
people with Vietnamese names. People's records (assessments, certificates,
completed modules) are drawn from a fixed-seed generator so that the sample has
a spread of outcomes: some people already meet every requirement, most need
training, and some are exempt through a certificate.

The script reads Fixtures/sample/framework.xml to know the positions, modules and
rules, and to make the "already trained" people really meet their requirements.
It uses only the Python standard library and its own pseudo-random generator,
so the output is byte-identical on every run and every Python 3 version.

Usage: python3 Scripts/make-sample-roster.py [FRAMEWORK] [OUTPUT]
"""

import datetime as dt
import hashlib
import os
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

NS = "{urn:competencykit:1}"
AS_OF = "2026-01-15"
SEED = 20250913

# --------------------------------------------------------------------------- randomness


class Rng:
    """SplitMix64: small, fast and identical on every platform."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def chance(self, percent):
        return self.below(100) < percent

    def pick(self, items):
        return items[self.below(len(items))]

    def sample(self, items, k):
        pool = list(items)
        out = []
        for _ in range(min(k, len(pool))):
            out.append(pool.pop(self.below(len(pool))))
        return out

    def date(self, first, last):
        a = dt.date.fromisoformat(first)
        b = dt.date.fromisoformat(last)
        return (a + dt.timedelta(days=self.below((b - a).days + 1))).isoformat()


# --------------------------------------------------------------------------- units

# (id, title en, title vi, children)
UNITS = ("NA", "National Assembly", "Quốc hội", [
    ("NA.OFFICE", "Office of the National Assembly", "Văn phòng Quốc hội", [
        ("NA.OFFICE.ADMIN", "Department of Administration", "Vụ Hành chính", []),
        ("NA.OFFICE.LEGAL", "Department of Legal Affairs", "Vụ Pháp luật", []),
        ("NA.OFFICE.INFO", "Centre for Information, Library and Research",
         "Trung tâm Thông tin, Thư viện và Nghiên cứu khoa học", []),
        ("NA.OFFICE.PRESS", "Department of Press and Communications", "Vụ Báo chí và Truyền thông", []),
        ("NA.OFFICE.ARCHIVE", "Records and Archives Centre", "Trung tâm Lưu trữ", []),
        ("NA.OFFICE.FIN", "Department of Finance and Facilities", "Vụ Tài chính và Quản trị", []),
    ]),
    ("NA.ITC", "Information Technology Centre", "Trung tâm Công nghệ thông tin", [
        ("NA.ITC.INFRA", "Infrastructure Division", "Phòng Hạ tầng kỹ thuật", []),
        ("NA.ITC.SEC", "Information Security Division", "Phòng An toàn thông tin", []),
        ("NA.ITC.APPS", "Applications and Data Division", "Phòng Ứng dụng và Dữ liệu", []),
    ]),
    ("NA.COM", "Committees of the National Assembly", "Các Ủy ban của Quốc hội", [
        ("NA.COM.LAW", "Committee on Law and Justice", "Ủy ban Pháp luật và Tư pháp", []),
        ("NA.COM.ECON", "Committee on Economy and Finance", "Ủy ban Kinh tế và Tài chính", []),
        ("NA.COM.CULT", "Committee on Culture and Society", "Ủy ban Văn hóa và Xã hội", []),
        ("NA.COM.SCI", "Committee on Science, Technology and Environment",
         "Ủy ban Khoa học, Công nghệ và Môi trường", []),
    ]),
    ("NA.DEL", "Provincial delegations of deputies", "Các Đoàn đại biểu Quốc hội", [
        ("NA.DEL.HN", "Ha Noi delegation", "Đoàn đại biểu Quốc hội thành phố Hà Nội", []),
        ("NA.DEL.HCM", "Ho Chi Minh City delegation", "Đoàn đại biểu Quốc hội Thành phố Hồ Chí Minh", []),
        ("NA.DEL.DN", "Da Nang delegation", "Đoàn đại biểu Quốc hội thành phố Đà Nẵng", []),
        ("NA.DEL.HUE", "Hue delegation", "Đoàn đại biểu Quốc hội thành phố Huế", []),
        ("NA.DEL.CT", "Can Tho delegation", "Đoàn đại biểu Quốc hội thành phố Cần Thơ", []),
        ("NA.DEL.NA", "Nghe An delegation", "Đoàn đại biểu Quốc hội tỉnh Nghệ An", []),
    ]),
])

COMMITTEE_STAFF = [("committee-chair", 1), ("deputy", 8), ("department-director", 1), ("unit-head", 1),
                   ("senior-official", 2), ("official", 3), ("specialist", 2), ("legal-drafter", 1),
                   ("civil-servant", 1)]


def delegation(deputies):
    return [("deputy", deputies), ("unit-head", 1), ("official", 2), ("civil-servant", 2), ("support-staff", 1)]


# unit -> [(position, headcount)], in the order people are written.
STAFFING = [
    ("NA.OFFICE", [("department-director", 2), ("senior-official", 2), ("support-staff", 2)]),
    ("NA.OFFICE.ADMIN", [("department-director", 1), ("unit-head", 2), ("senior-official", 3), ("official", 6),
                         ("civil-servant", 5), ("support-staff", 8), ("intern", 3)]),
    ("NA.OFFICE.LEGAL", [("department-director", 1), ("unit-head", 2), ("legal-drafter", 10),
                         ("senior-official", 3), ("official", 4), ("intern", 3)]),
    ("NA.OFFICE.INFO", [("department-director", 1), ("unit-head", 2), ("specialist", 10), ("civil-servant", 4),
                        ("records-officer", 2), ("intern", 2)]),
    ("NA.OFFICE.PRESS", [("department-director", 1), ("unit-head", 1), ("communications-officer", 9),
                         ("official", 3), ("civil-servant", 2), ("intern", 1)]),
    ("NA.OFFICE.ARCHIVE", [("unit-head", 1), ("records-officer", 8), ("civil-servant", 3), ("support-staff", 2)]),
    ("NA.OFFICE.FIN", [("department-director", 1), ("unit-head", 2), ("senior-official", 2), ("official", 6),
                       ("civil-servant", 4), ("support-staff", 3), ("intern", 2)]),
    ("NA.ITC", [("department-director", 1), ("senior-official", 1)]),
    ("NA.ITC.INFRA", [("unit-head", 1), ("it-officer", 7), ("support-staff", 1), ("intern", 2)]),
    ("NA.ITC.SEC", [("unit-head", 1), ("it-security-officer", 5), ("it-officer", 1), ("intern", 1)]),
    ("NA.ITC.APPS", [("unit-head", 1), ("it-officer", 8), ("specialist", 1), ("intern", 2)]),
    ("NA.COM.LAW", COMMITTEE_STAFF),
    ("NA.COM.ECON", COMMITTEE_STAFF),
    ("NA.COM.CULT", COMMITTEE_STAFF),
    ("NA.COM.SCI", COMMITTEE_STAFF),
    ("NA.DEL.HN", delegation(10)),
    ("NA.DEL.HCM", delegation(10)),
    ("NA.DEL.DN", delegation(6)),
    ("NA.DEL.HUE", delegation(5)),
    ("NA.DEL.CT", delegation(6)),
    ("NA.DEL.NA", delegation(8)),
]

DEPUTY_POSITIONS = {"deputy", "committee-chair"}

# --------------------------------------------------------------------------- names

FAMILY = (["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2 + ["Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
          "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Tạ"])
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Anh", "Tiến", "Ngọc", "Trọng"]
MIDDLE_F = ["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Kim", "Minh", "Phương", "Bích", "Diệu", "Mai"]
GIVEN_M = ["Hùng", "Dũng", "Tuấn", "Nam", "Long", "Hải", "Sơn", "Phong", "Quân", "Khoa", "Bình", "Cường",
           "Thắng", "Trung", "Hiếu", "Huy", "Đạt", "Tùng", "Vinh", "Phúc", "Khánh", "Lâm", "Toàn", "Hưng"]
GIVEN_F = ["Lan", "Hương", "Mai", "Hà", "Linh", "Trang", "Thảo", "Hằng", "Yến", "Phương", "Thủy", "Nhung",
           "Vân", "Hoa", "Huyền", "Dung", "Oanh", "Quỳnh", "Tâm", "Ánh", "Nga", "Liên", "Hạnh", "Loan"]


def make_name(rng, taken):
    while True:
        if rng.chance(50):
            name = "%s %s %s" % (rng.pick(FAMILY), rng.pick(MIDDLE_M), rng.pick(GIVEN_M))
        else:
            name = "%s %s %s" % (rng.pick(FAMILY), rng.pick(MIDDLE_F), rng.pick(GIVEN_F))
        if name not in taken:
            taken.add(name)
            return name


# --------------------------------------------------------------------------- framework


class Framework:
    def __init__(self, path):
        root = ET.parse(path).getroot()
        scale = root.find(NS + "scale")
        self.rank = {lv.get("id"): int(lv.get("rank")) for lv in scale.findall(NS + "level")}
        self.level_of_rank = {r: l for l, r in self.rank.items()}
        self.domains = {}
        for d in root.findall(NS + "domain"):
            self.domains[d.get("id")] = [c.get("id") for c in d.iter(NS + "competency")]
        self.competencies = [c for cs in self.domains.values() for c in cs]
        self.positions = {}
        for p in root.findall(NS + "position"):
            self.positions[p.get("id")] = {
                "family": p.get("family"), "extends": p.get("extends"),
                "reqs": [self.expand(r) for r in p.findall(NS + "requirement")]}
        self.modules = {}
        for m in root.findall(NS + "module"):
            self.modules[m.get("id")] = {
                "teaches": [(t.get("competency"), t.get("level")) for t in m.findall(NS + "teaches")],
                "prereqs": [q.get("module") for q in m.findall(NS + "prerequisite")]}
        self.rules = []
        for r in root.findall(NS + "rule"):
            applies = r.find(NS + "applies-to")
            exempt = r.find(NS + "exempt-if")
            self.rules.append({
                "id": r.get("id"), "effective": r.get("effective"), "expires": r.get("expires"),
                "applies": list(applies)[0],
                "exempt": list(exempt)[0] if exempt is not None else None,
                "reqs": [self.expand(q) for q in r.findall(NS + "requirement")]})

    def expand(self, req):
        level = req.get("level")
        if req.get("domain"):
            return [(c, level) for c in self.domains[req.get("domain")]]
        return [(req.get("competency"), level)]

    def chain(self, position):
        out = []
        while position:
            out.append(position)
            position = self.positions[position]["extends"]
        return out


# --------------------------------------------------------------------------- people


def national_id(pid):
    """A fictional 12-digit citizen number, derived from the person ID (no random draw, so
    adding it changed nothing else in the roster). `competency credentials` hashes it."""
    return "0%011d" % (int(hashlib.sha256(pid.encode()).hexdigest(), 16) % 10**11)


class Person:
    def __init__(self, pid, unit, position, name):
        self.id = pid
        self.unit = unit
        self.position = position
        self.name = name
        self.attributes = [("deputy", "true" if position in DEPUTY_POSITIONS else "false"), ("national-id", national_id(pid))]
        self.assessments = []   # (competency, level, date, method)
        self.certificates = []  # (id, kind, issued, expires, [(competency, level)])
        self.completions = []   # (module, date)


def unit_ancestors():
    parent = {}

    def walk(node, up):
        uid, _, _, children = node
        parent[uid] = up
        for child in children:
            walk(child, uid)

    walk(UNITS, None)
    return parent


PARENT = unit_ancestors()


def in_unit(unit, ref, descendants):
    while unit is not None:
        if unit == ref:
            return True
        if not descendants:
            return False
        unit = PARENT[unit]
    return False


def attained(fw, person, date=AS_OF):
    best = {}

    def raise_to(c, level):
        if fw.rank[level] > best.get(c, 0):
            best[c] = fw.rank[level]

    latest = {}
    for c, level, d, _ in person.assessments:
        if d <= date and (c not in latest or d > latest[c][0]):
            latest[c] = (d, level)
    for c, (_, level) in latest.items():
        raise_to(c, level)
    for _, _, issued, expires, covers in person.certificates:
        if issued <= date and (expires is None or expires >= date):
            for c, level in covers:
                raise_to(c, level)
    for m, d in person.completions:
        if d <= date:
            for c, level in fw.modules[m]["teaches"]:
                raise_to(c, level)
    return best


def holds(fw, pred, person, levels, date=AS_OF):
    tag = pred.tag[len(NS):]
    if tag == "always":
        return True
    if tag == "all":
        return all(holds(fw, p, person, levels, date) for p in pred)
    if tag == "any":
        return any(holds(fw, p, person, levels, date) for p in pred)
    if tag == "not":
        return not holds(fw, list(pred)[0], person, levels, date)
    if tag == "position":
        if pred.get("ref"):
            return pred.get("ref") in fw.chain(person.position)
        return fw.positions[person.position]["family"] == pred.get("family")
    if tag == "unit":
        return in_unit(person.unit, pred.get("ref"), pred.get("descendants") == "true")
    if tag == "attribute":
        return (pred.get("name"), pred.get("value")) in person.attributes
    if tag == "certificate":
        return any(kind == pred.get("kind") and issued <= date and (expires is None or expires >= date)
                   for _, kind, issued, expires, _ in person.certificates)
    if tag == "level":
        return levels.get(pred.get("competency"), 0) >= fw.rank[pred.get("at-least")]
    raise ValueError("unknown predicate " + tag)


def requirements(fw, person, date=AS_OF):
    levels = attained(fw, person, date)
    need = {}

    def add(c, level):
        need[c] = max(need.get(c, 0), fw.rank[level])

    for p in fw.chain(person.position):
        for req in fw.positions[p]["reqs"]:
            for c, level in req:
                add(c, level)
    for rule in fw.rules:
        if rule["effective"] > date or (rule["expires"] and rule["expires"] < date):
            continue
        if not holds(fw, rule["applies"], person, levels, date):
            continue
        if rule["exempt"] is not None and holds(fw, rule["exempt"], person, levels, date):
            continue
        for req in rule["reqs"]:
            for c, level in req:
                add(c, level)
    return need, levels


def make_compliant(fw, rng, person):
    """Adds assessments until the person meets every requirement (a fixed point,
    because a `level` predicate may select more rules once levels rise)."""
    for _ in range(10):
        need, levels = requirements(fw, person)
        gaps = sorted(c for c, r in need.items() if levels.get(c, 0) < r)
        if not gaps:
            return
        for c in gaps:
            method = rng.pick(["test", "test", "observed", "certified"])
            # A new assessment must be the latest one for its competency.
            earlier = [d for a, _, d, _ in person.assessments if a == c]
            first = "2025-10-01"
            if earlier:
                first = (dt.date.fromisoformat(max(earlier)) + dt.timedelta(days=1)).isoformat()
            person.assessments.append((c, fw.level_of_rank[need[c]], rng.date(first, "2026-01-12"), method))
    raise RuntimeError("no fixed point for " + person.id)


BASIC_MODULES = ["M-first-steps", "M-basic-1", "M-basic-2", "M-basic-3", "M-basic-4", "M-basic-5", "M-basic-6"]
BASIC_CERT_DOMAINS = ["D1", "D2", "D4"]
# Cohort rolls for interns, in turn: valid certificate, partly trained, valid certificate,
# trained, nothing known, valid certificate, expired certificate.
INTERN_ROLLS = [0, 40, 5, 20, 90, 10, 12]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    fw_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "Fixtures", "sample", "framework.xml")
    out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "Fixtures", "sample", "roster.xml")
    fw = Framework(fw_path)
    rng = Rng(SEED)
    taken = set()
    people = []
    certs = [0]
    interns = [0]

    def certificate(person, kind, issued, expires, covers):
        certs[0] += 1
        person.certificates.append(("cert-%04d" % certs[0], kind, issued, expires, covers))

    def basic_certificate(person, valid):
        if valid:
            issued = rng.date("2025-05-01", "2026-01-10")
            expires = (dt.date.fromisoformat(issued) + dt.timedelta(days=730)).isoformat()
        else:
            issued = rng.date("2022-06-01", "2023-06-30")
            expires = (dt.date.fromisoformat(issued) + dt.timedelta(days=730)).isoformat()
        covers = [(c, "L2") for d in BASIC_CERT_DOMAINS for c in fw.domains[d]]
        certificate(person, "digital-basic", issued, expires, covers)

    for unit, staff in STAFFING:
        for position, count in staff:
            for _ in range(count):
                pid = "p%04d" % (len(people) + 1)
                person = Person(pid, unit, position, make_name(rng, taken))
                people.append(person)
                if rng.chance(3):
                    person.attributes.append(("on-leave", "true"))
                roll = rng.below(100)
                if position == "intern":
                    # Interns often arrive with a basic certificate; a fixed cycle keeps
                    # the exempt group visible whatever the draw.
                    interns[0] += 1
                    roll = INTERN_ROLLS[interns[0] % len(INTERN_ROLLS)]
                if roll < 11:
                    # Exempt from the basic rule through a valid certificate; half of them
                    # also meet their position's requirements already.
                    basic_certificate(person, valid=True)
                    if rng.chance(50):
                        make_compliant(fw, rng, person)
                elif roll < 14:
                    # A certificate that has expired: it no longer exempts anyone.
                    basic_certificate(person, valid=False)
                    person.assessments.append((rng.pick(fw.competencies), "L2",
                                               rng.date("2025-03-01", "2025-12-31"), "self"))
                elif roll < 28:
                    # Took the basic programme and had the rest confirmed: compliant.
                    day = rng.date("2025-09-15", "2025-10-31")
                    for i, m in enumerate(BASIC_MODULES):
                        d = (dt.date.fromisoformat(day) + dt.timedelta(days=7 * i)).isoformat()
                        person.completions.append((m, d))
                    make_compliant(fw, rng, person)
                elif roll < 72:
                    # Partly on the way: some self-assessments, a test or two, a few modules.
                    chosen = rng.sample(fw.competencies, 1 + rng.below(6))
                    for c in sorted(chosen):
                        person.assessments.append((c, "L%d" % (1 + rng.below(3)),
                                                   rng.date("2025-09-15", "2026-01-10"), "self"))
                    if rng.chance(35):
                        # An optimistic self-assessment, later corrected by a test: the latest counts.
                        c = rng.pick([c for c in fw.competencies if c not in chosen])
                        person.assessments.append((c, "L3", "2025-06-20", "self"))
                        person.assessments.append((c, "L2", rng.date("2025-10-01", "2026-01-10"), "test"))
                    if rng.chance(50):
                        person.completions.append(("M-first-steps", rng.date("2025-09-20", "2025-10-20")))
                        for m in sorted(rng.sample(BASIC_MODULES[1:], rng.below(4))):
                            person.completions.append((m, rng.date("2025-10-21", "2026-01-10")))
                # else: nothing is known about this person yet.

                # Professional certificates for some specialists.
                if position == "it-security-officer" and rng.chance(60):
                    issued = rng.date("2024-03-01", "2025-12-31")
                    expires = (dt.date.fromisoformat(issued) + dt.timedelta(days=1095)).isoformat()
                    certificate(person, "security-professional", issued, expires,
                                [("C4.1", "L5"), ("C4.2", "L5"), ("C4.3", "L5")])
                if position == "specialist" and rng.chance(30):
                    issued = rng.date("2024-01-01", "2025-12-31")
                    certificate(person, "data-analysis", issued, None, [("C1.3", "L4"), ("C1.4", "L4")])

    used = {p.position for p in people}
    missing = set(fw.positions) - used
    if missing:
        raise RuntimeError("positions without people: %s" % sorted(missing))

    out = write(people)
    with open(out_path, "wb") as f:
        f.write(out.encode("utf-8"))


# --------------------------------------------------------------------------- writer


def write(people):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             "<!-- CompetencyKit bundled sample: fictional people. "
             "Generated by Scripts/make-sample-roster.py; do not edit by hand. -->",
             '<roster xmlns="urn:competencykit:1" framework="na-digital" as-of="%s" xml:lang="en">' % AS_OF]

    def unit(node, depth):
        uid, en, vi, children = node
        pad = "  " * depth
        lines.append('%s<unit id="%s">' % (pad, uid))
        lines.append("%s  <title>%s</title>" % (pad, escape(en)))
        lines.append('%s  <title xml:lang="vi">%s</title>' % (pad, escape(vi)))
        for child in children:
            unit(child, depth + 1)
        lines.append("%s</unit>" % pad)

    unit(UNITS, 1)
    for p in people:
        lines.append('  <person id="%s" unit="%s" position="%s">' % (p.id, p.unit, p.position))
        lines.append("    <name>%s</name>" % escape(p.name))
        for name, value in p.attributes:
            lines.append("    <attribute name=%s value=%s/>" % (quoteattr(name), quoteattr(value)))
        for c, level, d, method in sorted(p.assessments, key=lambda a: (a[2], a[0])):
            lines.append('    <assessment competency="%s" level="%s" date="%s" method="%s"/>' % (c, level, d, method))
        for cid, kind, issued, expires, covers in p.certificates:
            exp = ' expires="%s"' % expires if expires else ""
            lines.append('    <certificate id="%s" kind="%s" issued="%s"%s>' % (cid, kind, issued, exp))
            for c, level in covers:
                lines.append('      <covers competency="%s" level="%s"/>' % (c, level))
            lines.append("    </certificate>")
        for m, d in sorted(p.completions, key=lambda x: (x[1], x[0])):
            lines.append('    <completion module="%s" date="%s"/>' % (m, d))
        lines.append("  </person>")
    lines.append("</roster>")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
