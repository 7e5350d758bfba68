#!/usr/bin/env python3
"""Writes two versions of a large framework for timing `competency diff` and `migrate`
(Python 3 standard library only; deterministic).

Version 1 has N competencies (default 20,000) in domains of 200, each with an English and a
Vietnamese title and statement and descriptors (in both languages) at its eight levels, or at
as many as DESCRIPTORS says, and 60 positions,
300 modules and 20 rules that refer to them. Version 2 changes it the way a yearly revision
does: 1% of the statements reworded, 100 competencies split in two and 100 renamed (with
`replaces`), 50 removed, 200 added, and 20 requirements raised.

Usage: python3 Scripts/make-evolution-frameworks.py OUTPUT-FOLDER [N [DESCRIPTORS]]
Writes OUTPUT-FOLDER/v1.xml and OUTPUT-FOLDER/v2.xml.
"""

import os
import random
import sys


def framework(version, competencies, positions, modules, rules, descriptors):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<framework xmlns="urn:competencykit:1" xml:lang="en" id="big" version="%s" status="published">' % version,
           "  <title>Large framework</title>", '  <title xml:lang="vi">Khung lớn</title>',
           '  <scale id="s" proficient="L2">']
    for rank in range(1, 9):
        out.append('    <level id="L%d" rank="%d" band="b%d"><label>Level %d</label><label xml:lang="vi">Mức %d</label></level>'
                   % (rank, rank, (rank + 1) // 2, rank, rank))
    out.append("  </scale>")
    domain = None
    for entry in competencies:
        if entry["domain"] != domain:
            if domain is not None:
                out.append("  </domain>")
            domain = entry["domain"]
            out.append('  <domain id="%s"><title>Domain %s</title><title xml:lang="vi">Miền %s</title>' % (domain, domain, domain))
        replaces = ' replaces="%s"' % entry["replaces"] if entry.get("replaces") else ""
        out.append('    <competency id="%s"%s>' % (entry["id"], replaces))
        out.append("      <title>%s</title>" % entry["title"])
        out.append('      <title xml:lang="vi">%s (vi)</title>' % entry["title"])
        out.append("      <statement>%s</statement>" % entry["statement"])
        out.append('      <statement xml:lang="vi">%s (vi)</statement>' % entry["statement"])
        for level in range(1, descriptors + 1):
            out.append('      <descriptor level="L%d"><text>%s at level %d.</text><text xml:lang="vi">%s, mức %d.</text></descriptor>'
                       % (level, entry["title"], level, entry["title"], level))
        out.append("    </competency>")
    out.append("  </domain>")
    for position in positions:
        out.append('  <position id="%s"><title>Position %s</title><title xml:lang="vi">Vị trí %s</title>' % (position["id"], position["id"], position["id"]))
        for target, level in position["requirements"]:
            out.append('    <requirement competency="%s" level="L%d"/>' % (target, level))
        out.append("  </position>")
    for module in modules:
        out.append('  <module id="%s" hours="%d"><title>Module %s</title><title xml:lang="vi">Học phần %s</title>'
                   % (module["id"], module["hours"], module["id"], module["id"]))
        for target, level in module["teaches"]:
            out.append('    <teaches competency="%s" level="L%d"/>' % (target, level))
        out.append("  </module>")
    for rule in rules:
        out.append('  <rule id="%s" effective="2026-01-01"><title>Rule %s</title><title xml:lang="vi">Quy tắc %s</title>'
                   % (rule["id"], rule["id"], rule["id"]))
        out.append('    <applies-to><position family="f%d"/></applies-to>' % rule["family"])
        for target, level in rule["requirements"]:
            out.append('    <requirement competency="%s" level="L%d" by="2027-12-31"/>' % (target, level))
        out.append("  </rule>")
    out.append("</framework>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    descriptors = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    random.seed(12)
    competencies = [{"id": "C%05d" % index, "domain": "D%03d" % (index // 200), "title": "Competency %d" % index,
                     "statement": "Does task %d well and safely." % index} for index in range(count)]
    ids = [entry["id"] for entry in competencies]
    positions = [{"id": "P%02d" % index, "requirements": [(target, random.randint(1, 4)) for target in random.sample(ids, 20)]}
                 for index in range(60)]
    modules = [{"id": "M%03d" % index, "hours": random.randint(1, 40),
                "teaches": [(target, random.randint(2, 6)) for target in random.sample(ids, 80)]} for index in range(300)]
    rules = [{"id": "R%02d" % index, "family": index % 5,
              "requirements": [(target, random.randint(1, 3)) for target in random.sample(ids, 10)]} for index in range(20)]
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "v1.xml"), "w", encoding="utf-8") as handle:
        handle.write(framework("1.0.0", competencies, positions, modules, rules, descriptors))

    referenced = {target for entry in positions + rules for target, _ in entry["requirements"]}
    referenced |= {target for module in modules for target, _ in module["teaches"]}
    free = [entry for entry in competencies if entry["id"] not in referenced]
    random.shuffle(free)
    removed = {entry["id"] for entry in free[:50]}
    renamed = {entry["id"] for entry in free[50:150]}
    split = {entry["id"] for entry in free[150:250]}
    reworded = {entry["id"] for entry in random.sample(competencies, count // 100)}
    second = []
    for entry in competencies:
        if entry["id"] in removed:
            continue
        changed = dict(entry)
        if entry["id"] in reworded:
            changed["statement"] = "Carries out task %s well and safely." % entry["id"][1:]
        if entry["id"] in renamed:
            changed.update(id=entry["id"] + "-r", replaces=entry["id"])
        if entry["id"] in split:
            second.append(dict(changed, id=entry["id"] + "-a", replaces=entry["id"], title=entry["title"] + " (a)"))
            second.append(dict(changed, id=entry["id"] + "-b", replaces=entry["id"], title=entry["title"] + " (b)"))
            continue
        second.append(changed)
    for index in range(200):
        second.append({"id": "N%05d" % index, "domain": "D%03d" % (count // 200), "title": "New competency %d" % index,
                       "statement": "Does new task %d." % index})
    raised = positions[:20]
    for position in raised:
        target, level = position["requirements"][0]
        position["requirements"][0] = (target, min(level + 1, 8))
    with open(os.path.join(folder, "v2.xml"), "w", encoding="utf-8") as handle:
        handle.write(framework("2.0.0", second, positions, modules, rules, descriptors))
    print("wrote %s/v1.xml and %s/v2.xml (%d competencies)" % (folder, folder, count))


if __name__ == "__main__":
    main()
