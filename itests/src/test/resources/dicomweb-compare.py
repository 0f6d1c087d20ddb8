#!/usr/bin/python3
"""Compares WADO-RS metadata (DICOM JSON) with the Part 10 file it describes, through pydicom.

Usage: dicomweb-compare.py metadata.json original.dcm
The JSON array must hold the file's instance. Every attribute of the file except File Meta
Information and bulk data (which metadata leaves out) must be in the JSON with the same values.
Prints each difference; exits 1 if there is any.
"""
import json
import sys

import pydicom

BULK = {"OB", "OD", "OF", "OL", "OV", "OW", "UN", "OB or OW", "US or OW", "US or SS or OW"}
NUMERIC = {"DS", "IS", "FL", "FD", "US", "SS", "UL", "SL", "UV", "SV", "US or SS"}


def values(element):
    value = element.value
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, pydicom.multival.MultiValue)):
        return list(value)
    return [value]


def compare(original, decoded, path, problems):
    for element in original:
        if element.tag.group == 0x0002 or element.tag.element == 0 or element.VR in BULK:
            continue
        where = f"{path}{element.tag}"
        if element.tag not in decoded:
            problems.append(f"{where} {element.keyword} missing")
            continue
        other = decoded[element.tag]
        if element.VR == "SQ":
            if len(element.value) != len(other.value):
                problems.append(f"{where} {len(element.value)} items, JSON {len(other.value)}")
                continue
            for i, (a, b) in enumerate(zip(element.value, other.value)):
                compare(a, b, f"{where}[{i}].", problems)
            continue
        mine, theirs = values(element), values(other)
        if element.VR in NUMERIC:
            same = len(mine) == len(theirs) and all(float(a) == float(b) for a, b in zip(mine, theirs))
        else:
            same = [str(a).strip() for a in mine] == [str(b).strip() for b in theirs]
        if not same:
            problems.append(f"{where} {element.keyword} {element.VR}: file {mine!r}, JSON {theirs!r}")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        array = json.load(f)
    original = pydicom.dcmread(sys.argv[2])
    uid = original.SOPInstanceUID
    matches = [d for d in array if d.get("00080018", {}).get("Value") == [uid]]
    if len(matches) != 1:
        print(f"instance {uid} is {len(matches)} times in the metadata")
        return 1
    decoded = pydicom.Dataset.from_json(matches[0])
    problems = []
    compare(original, decoded, "", problems)
    for problem in problems:
        print(problem)
    print(f"{len(original)} attributes compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
