#!/usr/bin/env python3
"""Independent consistency check of the bundled sample (Python 3 standard library only).

Checks Fixtures/sample/framework.xml and Fixtures/sample/roster.xml against the
shape the project promises (counts), the reference and teachability constraints,
and the rules of the validation catalogue that can be checked without the Swift
code (duplicate IDs, missing translations, empty texts, cycles, dates, ...).
It then evaluates every person on the roster's as-of date, following the
assignment semantics, and prints how many people fall in each status.

Usage: python3 Scripts/check-sample.py [FRAMEWORK] [ROSTER]
Exit status: 0 when every check passes, 1 otherwise.
"""

import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

NS = "urn:competencykit:1"
Q = "{%s}" % NS
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SEMVER_RE = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
TEXT_ELEMENTS = {"title", "description", "publisher", "label", "statement", "text",
                 "knowledge", "skill", "attitude", "example"}

errors = []


def fail(msg):
    errors.append(msg)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


def local(el):
    return el.tag[len(Q):] if el.tag.startswith(Q) else el.tag


def kids(el, name):
    return el.findall(Q + name)


def lang_of(el, default):
    return el.get(XML_LANG, default)


def texts_by_lang(el, name, default):
    out = defaultdict(list)
    for t in kids(el, name):
        out[lang_of(t, default)].append(t.text or "")
    return out


def find_cycle(graph):
    """Returns one cycle as a list of nodes, or None."""
    color = {}
    stack = []

    def visit(n):
        color[n] = 1
        stack.append(n)
        for m in graph.get(n, []):
            if color.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if color.get(m) is None:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        color[n] = 2
        return None

    for n in sorted(graph):
        if color.get(n) is None:
            found = visit(n)
            if found:
                return found
    return None


def check_texts(root, default, languages, where):
    """missing-translation and empty-text, over every text element of a document."""
    for parent in root.iter():
        groups = defaultdict(set)
        for child in parent:
            name = local(child)
            if name in TEXT_ELEMENTS and child.tag.startswith(Q):
                text = child.text or ""
                check(len(child) == 0, "%s: <%s> has child elements" % (where, name))
                check(text.strip() != "", "%s: empty <%s> in <%s id=%r>" % (where, name, local(parent), parent.get("id")))
                check(text == text.strip() and "  " not in text,
                      "%s: stray spaces in <%s> %r" % (where, name, text[:40]))
                lang = lang_of(child, default)
                check(lang not in groups[name], "%s: two <%s xml:lang=%r> in <%s id=%r>" % (
                    where, name, lang, local(parent), parent.get("id")))
                groups[name].add(lang)
        for name, langs in groups.items():
            check(langs == languages, "%s: <%s> in <%s id=%r> has languages %s, expected %s" % (
                where, name, local(parent), parent.get("id"), sorted(langs), sorted(languages)))


# --------------------------------------------------------------------------- framework


class Framework:
    pass


def check_framework(path):
    fw = Framework()
    root = ET.parse(path).getroot()
    check(root.tag == Q + "framework", "framework root is %s" % root.tag)
    default = root.get(XML_LANG)
    check(default == "en", "framework xml:lang is %r" % default)
    for attr, value in [("id", "na-digital"), ("version", "1.0.0"), ("status", "published"), ("issued", "2025-09-13")]:
        check(root.get(attr) == value, "framework @%s is %r, expected %r" % (attr, root.get(attr), value))
    check(SEMVER_RE.match(root.get("version") or "") is not None, "framework version is not semantic")
    languages = set(texts_by_lang(root, "title", default))
    check(languages == {"en", "vi"}, "framework title languages are %s" % sorted(languages))
    for name in ("title", "description", "publisher"):
        check(set(texts_by_lang(root, name, default)) == {"en", "vi"}, "framework <%s> lacks en or vi" % name)
    check_texts(root, default, languages, "framework")

    # IDs: valid and unique per kind.
    entities = {"scale": kids(root, "scale"), "level": [lv for sc in kids(root, "scale") for lv in kids(sc, "level")],
                "domain": kids(root, "domain"), "competency": list(root.iter(Q + "competency")),
                "position": kids(root, "position"), "module": kids(root, "module"), "rule": kids(root, "rule")}
    for kind, elements in entities.items():
        ids = [e.get("id") for e in elements]
        for i in ids:
            check(i is not None and ID_RE.match(i) is not None, "invalid %s id %r" % (kind, i))
        for i, n in Counter(ids).items():
            check(n == 1, "duplicate %s id %r" % (kind, i))

    # Scale.
    scales = kids(root, "scale")
    check(len(scales) == 1, "expected one scale, found %d" % len(scales))
    scale = scales[0]
    check(scale.get("id") == "proficiency", "scale id is %r" % scale.get("id"))
    levels = kids(scale, "level")
    fw.rank = {lv.get("id"): int(lv.get("rank")) for lv in levels}
    fw.level_ids = [lv.get("id") for lv in levels]
    check(len(levels) == 8, "expected 8 levels, found %d" % len(levels))
    check(fw.level_ids == ["L%d" % i for i in range(1, 9)], "level ids are %s" % fw.level_ids)
    check([fw.rank[i] for i in fw.level_ids] == list(range(1, 9)), "ranks are not 1..8 in order")
    bands = [lv.get("band") for lv in levels]
    check(bands == ["basic"] * 2 + ["intermediate"] * 2 + ["advanced"] * 2 + ["specialised"] * 2,
          "bands are %s" % bands)
    check(len(set(bands)) == 4, "expected 4 bands")
    check(scale.get("default") == "L1" and scale.get("proficient") == "L2", "scale default/proficient wrong")
    for lv in levels:
        for name in ("label", "description"):
            check(set(texts_by_lang(lv, name, default)) == {"en", "vi"}, "level %s <%s> lacks en or vi" % (lv.get("id"), name))

    # Domains and competencies.
    domains = kids(root, "domain")
    check(len(domains) == 6, "expected 6 domains, found %d" % len(domains))
    fw.domain = {}
    fw.competency_domain = {}
    fw.defined = {}
    comps = []
    for n, d in enumerate(domains, start=1):
        check(d.get("id") == "D%d" % n and d.get("code") == str(n), "domain %d has id %r code %r" % (n, d.get("id"), d.get("code")))
        cs = list(d.iter(Q + "competency"))
        check(len(kids(d, "competency")) == 4, "domain %s holds %d competencies" % (d.get("id"), len(cs)))
        fw.domain[d.get("id")] = [c.get("id") for c in cs]
        seen_titles = defaultdict(dict)
        for m, c in enumerate(kids(d, "competency"), start=1):
            cid = c.get("id")
            check(cid == "C%d.%d" % (n, m) and c.get("code") == "%d.%d" % (n, m), "competency %r code %r" % (cid, c.get("code")))
        for c in cs:
            cid = c.get("id")
            comps.append(c)
            fw.competency_domain[cid] = d.get("id")
            check(c.get("status", "published") not in ("draft",), "draft competency %s in a published framework" % cid)
            check(c.get("status", "published") not in ("deprecated", "retired"), "%s is %s" % (cid, c.get("status")))
            defined = (c.get("levels") or " ".join(fw.level_ids)).split()
            fw.defined[cid] = set(defined)
            for name in ("title", "statement"):
                check(set(texts_by_lang(c, name, default)) == {"en", "vi"}, "%s <%s> lacks en or vi" % (cid, name))
            for lang, ts in texts_by_lang(c, "title", default).items():
                key = " ".join(ts[0].lower().split())
                check(key not in seen_titles[lang], "duplicate title %r in %s (%s and %s)" % (
                    ts[0], d.get("id"), seen_titles[lang].get(key), cid))
                seen_titles[lang][key] = cid
            descs = kids(c, "descriptor")
            at = [x.get("level") for x in descs]
            check(sorted(at) == sorted(defined) and len(at) == len(set(at)),
                  "%s has descriptors at %s, defined at %s" % (cid, at, defined))
            per_lang = defaultdict(dict)
            for x in descs:
                tl = texts_by_lang(x, "text", default)
                check(set(tl) == {"en", "vi"}, "%s %s descriptor text lacks en or vi" % (cid, x.get("level")))
                for lang, ts in tl.items():
                    key = " ".join(ts[0].lower().split())
                    check(key not in per_lang[lang], "%s: descriptor text (%s) at %s repeats %s" % (
                        cid, lang, x.get("level"), per_lang[lang].get(key)))
                    per_lang[lang][key] = x.get("level")
    check(len(comps) == 24, "expected 24 competencies, found %d" % len(comps))
    fw.competencies = [c.get("id") for c in comps]
    fw.extras = sum(len(kids(x, k)) for c in comps for x in kids(c, "descriptor")
                    for k in ("knowledge", "skill", "attitude", "example"))

    # Relations and matches.
    requires = defaultdict(list)
    fw.relations = fw.matches = 0
    for c in comps:
        for r in kids(c, "relation"):
            fw.relations += 1
            t = r.get("target")
            check(r.get("type") in ("requires", "related", "broader", "narrower", "replaces", "replaced-by"),
                  "%s: relation type %r" % (c.get("id"), r.get("type")))
            check(t in fw.defined, "%s: relation to unknown %r" % (c.get("id"), t))
            check(t != c.get("id"), "%s: relation to itself" % c.get("id"))
            if r.get("type") == "requires":
                requires[c.get("id")].append(t)
        for m in kids(c, "match"):
            fw.matches += 1
            check(m.get("type") in ("exact", "close", "broad", "narrow", "related"), "match type %r" % m.get("type"))
            check(bool(m.get("uri")), "%s: match without uri" % c.get("id"))
    cyc = find_cycle(requires)
    check(cyc is None, "requires cycle: %s" % cyc)

    def level_ok(cid, level, where):
        check(cid in fw.defined, "%s: unknown competency %r" % (where, cid))
        check(cid not in fw.defined or level in fw.defined[cid], "%s: level %r not defined for %s" % (where, level, cid))

    def expand(req, where):
        has_c, has_d = req.get("competency") is not None, req.get("domain") is not None
        check(has_c != has_d, "%s: requirement must name exactly one of competency or domain" % where)
        level = req.get("level")
        check(req.get("importance", "essential") in ("essential", "optional"), "%s: importance %r" % (where, req.get("importance")))
        if req.get("by") is not None:
            check(DATE_RE.match(req.get("by")) is not None, "%s: bad by %r" % (where, req.get("by")))
        if has_d:
            check(req.get("domain") in fw.domain, "%s: unknown domain %r" % (where, req.get("domain")))
            out = [(c, level) for c in fw.domain.get(req.get("domain"), []) if level in fw.defined[c]]
            check(out != [], "%s: domain requirement covers nothing" % where)
            return out
        level_ok(req.get("competency"), level, where)
        return [(req.get("competency"), level)]

    # Positions.
    positions = kids(root, "position")
    check(len(positions) >= 12, "expected at least 12 positions, found %d" % len(positions))
    fw.positions = {}
    for p in positions:
        pid = p.get("id")
        check(set(texts_by_lang(p, "title", default)) == {"en", "vi"}, "position %s title lacks en or vi" % pid)
        check(bool(p.get("family")), "position %s has no family" % pid)
        fw.positions[pid] = {"family": p.get("family"), "extends": p.get("extends"),
                             "title": kids(p, "title")[0].text,
                             "reqs": [(expand(r, "position " + pid), r) for r in kids(p, "requirement")]}
    for pid, p in fw.positions.items():
        check(p["extends"] is None or p["extends"] in fw.positions, "position %s extends unknown %r" % (pid, p["extends"]))
    cyc = find_cycle({pid: [p["extends"]] for pid, p in fw.positions.items() if p["extends"] in fw.positions})
    check(cyc is None, "extends cycle: %s" % cyc)
    fw.required = defaultdict(set)  # (competency, level) -> who requires it
    for pid in fw.positions:
        seen = {}
        for q in position_chain(fw, pid):
            for reqs, _ in fw.positions[q]["reqs"]:
                for c, level in reqs:
                    check(c not in seen, "position %s requires %s twice (%s and %s, through extends)" % (
                        pid, c, seen.get(c), q + ":" + level))
                    seen[c] = q + ":" + level
                    fw.required[(c, level)].add("position " + q)
    fw.families = {p["family"] for p in fw.positions.values()}

    # Modules.
    modules = kids(root, "module")
    check(len(modules) >= 20, "expected at least 20 modules, found %d" % len(modules))
    fw.modules = {}
    for m in modules:
        mid = m.get("id")
        check(set(texts_by_lang(m, "title", default)) == {"en", "vi"}, "module %s title lacks en or vi" % mid)
        check(m.get("delivery") in ("online", "classroom", "blended"), "module %s delivery %r" % (mid, m.get("delivery")))
        check(float(m.get("hours", "0")) > 0, "module %s hours %r" % (mid, m.get("hours")))
        teaches = [(t.get("competency"), t.get("level")) for t in kids(m, "teaches")]
        check(teaches != [], "module %s teaches nothing" % mid)
        for c, level in teaches:
            level_ok(c, level, "module " + mid)
        check(len({c for c, _ in teaches}) == len(teaches), "module %s teaches one competency twice" % mid)
        fw.modules[mid] = {"hours": float(m.get("hours", "0")), "teaches": teaches,
                           "prereqs": [x.get("module") for x in kids(m, "prerequisite")],
                           "title": kids(m, "title")[0].text, "delivery": m.get("delivery")}
    for mid, m in fw.modules.items():
        for x in m["prereqs"]:
            check(x in fw.modules, "module %s: unknown prerequisite %r" % (mid, x))
            check(x != mid, "module %s is its own prerequisite" % mid)
    cyc = find_cycle({mid: [x for x in m["prereqs"] if x in fw.modules] for mid, m in fw.modules.items()})
    check(cyc is None, "prerequisite cycle: %s" % cyc)

    # Rules.
    rules = kids(root, "rule")
    check(len(rules) >= 6, "expected at least 6 rules, found %d" % len(rules))
    fw.rules = []
    fw.predicate_refs = []  # (kind, value, where) to resolve against the roster
    for r in rules:
        rid = r.get("id")
        check(set(texts_by_lang(r, "title", default)) == {"en", "vi"}, "rule %s title lacks en or vi" % rid)
        eff, exp = r.get("effective"), r.get("expires")
        check(eff is not None and DATE_RE.match(eff) is not None, "rule %s effective %r" % (rid, eff))
        check(exp is None or exp >= eff, "rule %s expires before it takes effect" % rid)
        check(r.get("priority") is not None and r.get("priority").lstrip("-").isdigit(), "rule %s priority" % rid)
        applies = kids(r, "applies-to")
        check(len(applies) == 1 and len(applies[0]) == 1, "rule %s needs one applies-to predicate" % rid)
        exempt = kids(r, "exempt-if")
        check(len(exempt) <= 1 and all(len(e) == 1 for e in exempt), "rule %s: exempt-if holds one predicate" % rid)
        reqs = []
        for q in kids(r, "requirement"):
            reqs.append((expand(q, "rule " + rid), q))
            check(q.get("by") is None or q.get("by") >= eff, "rule %s: deadline %s before effective %s" % (rid, q.get("by"), eff))
            for c, level in reqs[-1][0]:
                fw.required[(c, level)].add("rule " + rid)
        check(reqs != [], "rule %s requires nothing" % rid)
        for pred in (applies[0][0] if applies and len(applies[0]) else None,
                     exempt[0][0] if exempt and len(exempt[0]) else None):
            if pred is not None:
                check_predicate(fw, pred, "rule " + rid)
        fw.rules.append({"id": rid, "effective": eff, "expires": exp, "priority": r.get("priority"),
                         "applies": applies[0][0], "exempt": exempt[0][0] if exempt else None, "reqs": reqs,
                         "title": kids(r, "title")[0].text})

    basic = [r for r in fw.rules if r["id"] == "R-basic-2026"]
    if check(len(basic) == 1, "rule R-basic-2026 is missing"):
        b = basic[0]
        check(local(b["applies"]) == "always", "R-basic-2026 must apply to everyone")
        doms = sorted(q.get("domain") for _, q in b["reqs"])
        check(doms == sorted(fw.domain), "R-basic-2026 must require every domain, has %s" % doms)
        check(all(q.get("level") == "L2" and q.get("by") == "2026-12-31" for _, q in b["reqs"]),
              "R-basic-2026 requirements must be L2 by 2026-12-31")
        check(b["exempt"] is not None and local(b["exempt"]) == "certificate" and b["exempt"].get("kind") == "digital-basic",
              "R-basic-2026 must exempt holders of a digital-basic certificate")

    # Which predicate kinds the rules use (the brief asks for each of them).
    used = Counter(local(e) + ("@" + ",".join(sorted(e.attrib)) if local(e) in ("position",) else "")
                   for r in rules for part in kids(r, "applies-to") + kids(r, "exempt-if") for e in part.iter())
    for kind in ("always", "all", "any", "not", "position@ref", "position@family", "unit", "attribute", "level", "certificate"):
        check(used.get(kind, 0) > 0, "no rule uses the predicate %s" % kind)

    # Teachability: every required level is taught by a module at or above it.
    taught = defaultdict(int)
    for m in fw.modules.values():
        for c, level in m["teaches"]:
            taught[c] = max(taught[c], fw.rank[level])
    for (c, level), who in sorted(fw.required.items()):
        check(taught.get(c, 0) >= fw.rank[level], "%s at %s (required by %s) is taught by no module" % (
            c, level, ", ".join(sorted(who))))
    return fw


def check_predicate(fw, pred, where):
    name = local(pred)
    if name in ("all", "any"):
        check(len(pred) >= 1, "%s: empty <%s>" % (where, name))
        for p in pred:
            check_predicate(fw, p, where)
    elif name == "not":
        check(len(pred) == 1, "%s: <not> holds one predicate" % where)
        for p in pred:
            check_predicate(fw, p, where)
    elif name == "always":
        pass
    elif name == "position":
        if pred.get("ref") is not None:
            check(pred.get("ref") in fw.positions, "%s: unknown position %r" % (where, pred.get("ref")))
        else:
            check(pred.get("family") in fw.families, "%s: no position has family %r" % (where, pred.get("family")))
    elif name == "unit":
        fw.predicate_refs.append(("unit", pred.get("ref"), where))
        check(pred.get("descendants", "false") in ("true", "false"), "%s: descendants %r" % (where, pred.get("descendants")))
    elif name == "attribute":
        fw.predicate_refs.append(("attribute", pred.get("name"), where))
        check(bool(pred.get("name")) and pred.get("value") is not None, "%s: attribute needs name and value" % where)
    elif name == "certificate":
        fw.predicate_refs.append(("certificate", pred.get("kind"), where))
    elif name == "level":
        c, level = pred.get("competency"), pred.get("at-least")
        check(c in fw.defined and level in fw.defined.get(c, ()), "%s: level predicate %s/%s" % (where, c, level))
    else:
        fail("%s: unknown predicate <%s>" % (where, name))


# --------------------------------------------------------------------------- roster


def check_roster(path, fw):
    root = ET.parse(path).getroot()
    check(root.tag == Q + "roster", "roster root is %s" % root.tag)
    check(root.get("framework") == "na-digital", "roster framework is %r" % root.get("framework"))
    as_of = root.get("as-of")
    check(as_of == "2026-01-15", "roster as-of is %r" % as_of)
    default = root.get(XML_LANG, "en")
    check_texts(root, default, {"en", "vi"}, "roster")

    r = {"as_of": as_of, "parent": {}, "depth": {}}

    def walk(u, parent, depth):
        uid = u.get("id")
        check(uid is not None and ID_RE.match(uid) is not None, "invalid unit id %r" % uid)
        check(uid not in r["parent"], "duplicate unit id %r" % uid)
        check(set(texts_by_lang(u, "title", default)) == {"en", "vi"}, "unit %s title lacks en or vi" % uid)
        r["parent"][uid] = parent
        r["depth"][uid] = depth
        for child in kids(u, "unit"):
            walk(child, uid, depth + 1)

    for u in kids(root, "unit"):
        walk(u, None, 1)
    check(15 <= len(r["parent"]) <= 25, "expected 15-25 units, found %d" % len(r["parent"]))
    check(max(r["depth"].values()) == 3, "unit tree depth is %d" % max(r["depth"].values()))

    people = kids(root, "person")
    check(len(people) >= 300, "expected at least 300 people, found %d" % len(people))
    ids = Counter(p.get("id") for p in people)
    for i, n in ids.items():
        check(n == 1 and ID_RE.match(i or "") is not None, "person id %r (x%d)" % (i, n))
    cert_ids = Counter()
    kinds = Counter()
    attributes = set()
    positions_used = Counter()
    r["people"] = []
    for p in people:
        pid = p.get("id")
        check(p.get("unit") in r["parent"], "%s: unknown unit %r" % (pid, p.get("unit")))
        check(p.get("position") in fw.positions, "%s: unknown position %r" % (pid, p.get("position")))
        positions_used[p.get("position")] += 1
        names = kids(p, "name")
        check(len(names) == 1 and (names[0].text or "").strip() != "", "%s: needs one non-empty name" % pid)
        attrs = [(a.get("name"), a.get("value")) for a in kids(p, "attribute")]
        attributes.update(n for n, _ in attrs)
        dep = [v for n, v in attrs if n == "deputy"]
        check(len(dep) == 1 and dep[0] in ("true", "false"), "%s: deputy attribute %r" % (pid, dep))
        check(len({n for n, _ in attrs}) == len(attrs), "%s: repeated attribute" % pid)
        if dep:
            check((dep[0] == "true") == (fw.positions.get(p.get("position"), {}).get("family") == "deputy"),
                  "%s: deputy attribute %s does not match position %s" % (pid, dep[0], p.get("position")))
        person = {"id": pid, "unit": p.get("unit"), "position": p.get("position"), "attrs": set(attrs),
                  "assessments": [], "certificates": [], "completions": []}
        seen = {}
        for a in kids(p, "assessment"):
            c, level, d, method = a.get("competency"), a.get("level"), a.get("date"), a.get("method")
            check(c in fw.defined and level in fw.defined.get(c, ()), "%s: assessment %s/%s" % (pid, c, level))
            check(DATE_RE.match(d or "") is not None and d <= as_of, "%s: assessment date %r" % (pid, d))
            check(method in ("self", "test", "observed", "certified"), "%s: method %r" % (pid, method))
            check((c, d) not in seen, "%s: two assessments of %s on %s (the latest is ambiguous)" % (pid, c, d))
            seen[(c, d)] = level
            person["assessments"].append((c, level, d))
        for cert in kids(p, "certificate"):
            cid, kind, issued, expires = cert.get("id"), cert.get("kind"), cert.get("issued"), cert.get("expires")
            cert_ids[cid] += 1
            kinds[kind] += 1
            check(ID_RE.match(cid or "") is not None and bool(kind), "%s: certificate id/kind %r/%r" % (pid, cid, kind))
            check(DATE_RE.match(issued or "") is not None and issued <= as_of, "%s: certificate issued %r" % (pid, issued))
            check(expires is None or expires > issued, "%s: certificate %s expires before it is issued" % (pid, cid))
            covers = [(c.get("competency"), c.get("level")) for c in kids(cert, "covers")]
            check(covers != [], "%s: certificate %s covers nothing" % (pid, cid))
            for c, level in covers:
                check(c in fw.defined and level in fw.defined.get(c, ()), "%s: covers %s/%s" % (pid, c, level))
            person["certificates"].append((kind, issued, expires, covers))
        for comp in kids(p, "completion"):
            m, d = comp.get("module"), comp.get("date")
            check(m in fw.modules, "%s: unknown module %r" % (pid, m))
            check(DATE_RE.match(d or "") is not None and d <= as_of, "%s: completion date %r" % (pid, d))
            person["completions"].append((m, d))
        done = dict((m, d) for m, d in person["completions"])
        for m, d in person["completions"]:
            for x in fw.modules.get(m, {}).get("prereqs", []):
                check(x in done and done[x] <= d, "%s: completed %s on %s before its prerequisite %s" % (pid, m, d, x))
        r["people"].append(person)
    for cid, n in cert_ids.items():
        check(n == 1, "duplicate certificate id %r" % cid)
    for pid in fw.positions:
        check(positions_used[pid] > 0, "no one holds position %s" % pid)
    for kind, value, where in fw.predicate_refs:
        if kind == "unit":
            check(value in r["parent"], "%s: unknown unit %r" % (where, value))
        elif kind == "attribute":
            check(value in attributes, "%s: attribute %r appears on no one" % (where, value))
        elif kind == "certificate":
            check(value in kinds, "%s: certificate kind %r appears on no one" % (where, value))
    r["positions_used"] = positions_used
    r["kinds"] = kinds
    return r


# --------------------------------------------------------------------------- evaluation


def valid_on(issued, expires, date):
    return issued <= date and (expires is None or expires >= date)


def attained_levels(fw, person, date):
    best = defaultdict(int)
    latest = {}
    for c, level, d in person["assessments"]:
        if d <= date and (c not in latest or d > latest[c][0]):
            latest[c] = (d, level)
    for c, (_, level) in latest.items():
        best[c] = max(best[c], fw.rank[level])
    for kind, issued, expires, covers in person["certificates"]:
        if valid_on(issued, expires, date):
            for c, level in covers:
                best[c] = max(best[c], fw.rank[level])
    for m, d in person["completions"]:
        if d <= date:
            for c, level in fw.modules[m]["teaches"]:
                best[c] = max(best[c], fw.rank[level])
    return best


def position_chain(fw, pid):
    """The position and every position it extends (stops at a cycle or an unknown ID)."""
    out = []
    while pid in fw.positions and pid not in out:
        out.append(pid)
        pid = fw.positions[pid]["extends"]
    return out


def holds(fw, roster, pred, person, levels, date):
    name = local(pred)
    if name == "always":
        return True
    if name == "all":
        return all(holds(fw, roster, p, person, levels, date) for p in pred)
    if name == "any":
        return any(holds(fw, roster, p, person, levels, date) for p in pred)
    if name == "not":
        return not holds(fw, roster, pred[0], person, levels, date)
    if name == "position":
        if pred.get("ref") is not None:
            return pred.get("ref") in position_chain(fw, person["position"])
        return fw.positions[person["position"]]["family"] == pred.get("family")
    if name == "unit":
        u = person["unit"]
        if pred.get("descendants") != "true":
            return u == pred.get("ref")
        while u is not None:
            if u == pred.get("ref"):
                return True
            u = roster["parent"][u]
        return False
    if name == "attribute":
        return (pred.get("name"), pred.get("value")) in person["attrs"]
    if name == "certificate":
        return any(k == pred.get("kind") and valid_on(i, e, date) for k, i, e, _ in person["certificates"])
    if name == "level":
        return levels[pred.get("competency")] >= fw.rank[pred.get("at-least")]
    raise ValueError(name)


def evaluate(fw, roster):
    date = roster["as_of"]
    status = Counter()
    by_position = defaultdict(Counter)
    rule_stats = defaultdict(Counter)
    needs_total = Counter()
    for person in roster["people"]:
        levels = attained_levels(fw, person, date)
        need = {}
        position_reqs = 0
        for q in position_chain(fw, person["position"]):
            for reqs, _ in fw.positions[q]["reqs"]:
                for c, level in reqs:
                    position_reqs += 1
                    need[c] = max(need.get(c, 0), fw.rank[level])
        selected = released = 0
        for rule in fw.rules:
            if rule["effective"] > date or (rule["expires"] is not None and rule["expires"] < date):
                continue
            if not holds(fw, roster, rule["applies"], person, levels, date):
                continue
            selected += 1
            rule_stats[rule["id"]]["selected"] += 1
            if rule["exempt"] is not None and holds(fw, roster, rule["exempt"], person, levels, date):
                released += 1
                rule_stats[rule["id"]]["exempt"] += 1
                continue
            for reqs, _ in rule["reqs"]:
                for c, level in reqs:
                    need[c] = max(need.get(c, 0), fw.rank[level])
        gaps = {c: r for c, r in need.items() if levels[c] < r}
        taught = lambda c, r: any(tc == c and fw.rank[tl] >= r for m in fw.modules.values() for tc, tl in m["teaches"])
        if any(not taught(c, r) for c, r in gaps.items()):
            s = "unsatisfiable"
        elif gaps:
            s = "needs-training"
        elif selected > 0 and released == selected and position_reqs == 0:
            s = "exempt"
        else:
            s = "compliant"
        status[s] += 1
        by_position[person["position"]][s] += 1
        needs_total[len(gaps)] += 1
    return status, by_position, rule_stats


# --------------------------------------------------------------------------- main


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    fw_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "Fixtures", "sample", "framework.xml")
    roster_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "Fixtures", "sample", "roster.xml")
    fw = check_framework(fw_path)
    roster = check_roster(roster_path, fw)
    if errors:
        # Broken references would make the evaluation meaningless: report them first.
        print("%d problem(s):" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    status, by_position, rule_stats = evaluate(fw, roster)
    check(status["unsatisfiable"] == 0, "%d people are unsatisfiable" % status["unsatisfiable"])
    for s in ("compliant", "needs-training", "exempt"):
        check(status[s] > 0, "no one is %s" % s)
    check(status["needs-training"] > len(roster["people"]) / 2, "most people should need training")

    print("framework: 1 scale, %d levels in %d bands, %d domains, %d competencies, %d descriptors (en+vi), "
          "%d knowledge/skill/attitude/example items, %d relations, %d matches"
          % (len(fw.level_ids), 4, len(fw.domain), len(fw.competencies), len(fw.competencies) * len(fw.level_ids),
             fw.extras, fw.relations, fw.matches))
    print("           %d positions, %d modules, %d rules, %d required (competency, level) pairs, all teachable"
          % (len(fw.positions), len(fw.modules), len(fw.rules), len(fw.required)))
    print("roster:    %d units, %d people, certificate kinds %s"
          % (len(roster["parent"]), len(roster["people"]), dict(sorted(roster["kinds"].items()))))
    print("statuses on %s: %s" % (roster["as_of"], ", ".join("%s %d" % kv for kv in sorted(status.items()))))
    print("per rule (selected / released):")
    for rule in fw.rules:
        st = rule_stats.get(rule["id"], Counter())
        active = rule["effective"] <= roster["as_of"] and (rule["expires"] is None or rule["expires"] >= roster["as_of"])
        print("  %-26s %3d / %3d%s" % (rule["id"], st["selected"], st["exempt"], "" if active else "  (not in force on as-of)"))
    print("per position (people: compliant / needs-training / exempt):")
    for pid in fw.positions:
        c = by_position[pid]
        print("  %-24s %3d: %3d / %3d / %3d" % (pid, sum(c.values()), c["compliant"], c["needs-training"], c["exempt"]))
    if errors:
        print("\n%d problem(s):" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
