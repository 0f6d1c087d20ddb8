"""Search benchmark: Atrium's Solr node vs PostgreSQL, same synthetic series, same dashboard.

Run through bench/search/run, which owns the temporary directory and the final cleanup.
Every process started here is also stopped here (finally), the run script's trap is the backstop.
"""

import csv
import datetime as dt
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse

SOLR_PORT = 38983
PG_PORT = 38432
BATCH = 2000
WARM_RUNS = 300
WARMUP = 20
COLD_RESTARTS = 3
YEARS = list(range(2016, 2026))
UID_ROOT = "1.2.826.0.1.3680043.10.543."

# ---------------------------------------------------------------------------------------------
# Synthetic metadata. Study types with their series, scanner fleets per institution, Zipf-like
# institution sizes, growth of volume over the ten years, fewer studies at weekends, patients
# coming back. Study-type weights are set so that 100k series hold about 1M instances, the scale
# the benchmark is specified at (a clinical archive has more CT/MR and 50-150 instances/series;
# the index holds one document per series either way, so docs/s is the figure that carries over).
# ---------------------------------------------------------------------------------------------

INSTITUTIONS = [  # name, relative size
    ("UNIVERSITY HOSPITAL NORTH", 30), ("ST. MARY'S MEDICAL CENTER", 18), ("CITY GENERAL HOSPITAL", 14),
    ("REGIONAL CANCER INSTITUTE", 9), ("CHILDREN'S HOSPITAL", 7), ("WESTSIDE IMAGING", 6),
    ("LAKEVIEW CLINIC", 4), ("RIVERSIDE ORTHOPEDICS", 4), ("EAST COUNTY HOSPITAL", 3),
    ("MOUNTAIN RADIOLOGY", 2), ("HARBOR WOMEN'S HEALTH", 2), ("OUTSIDE STUDIES", 1)]

SCANNERS = {  # modality -> (manufacturer, model) choices
    "CT": [("SIEMENS", "SOMATOM Definition AS+"), ("SIEMENS", "SOMATOM Force"), ("GE MEDICAL SYSTEMS", "Revolution CT"),
           ("GE MEDICAL SYSTEMS", "Optima CT660"), ("Philips", "Brilliance 64"), ("Philips", "IQon - Spectral CT"),
           ("TOSHIBA", "Aquilion ONE"), ("Canon Medical Systems", "Aquilion Prime SP")],
    "MR": [("SIEMENS", "Skyra"), ("SIEMENS", "Prisma"), ("SIEMENS", "MAGNETOM Vida"), ("GE MEDICAL SYSTEMS", "SIGNA Premier"),
           ("GE MEDICAL SYSTEMS", "DISCOVERY MR750"), ("Philips Medical Systems", "Ingenia"), ("Philips Medical Systems", "Achieva")],
    "CR": [("FUJIFILM Corporation", "FCR CAPSULA XLII"), ("Carestream Health", "DirectView CR975"), ("Agfa", "CR 85-X")],
    "DX": [("Carestream Health", "DRX-Evolution"), ("SIEMENS", "Ysio Max"), ("GE Healthcare", "Discovery XR656"),
           ("Philips Medical Systems", "DigitalDiagnost"), ("FUJIFILM Corporation", "FDR D-EVO II")],
    "MG": [("HOLOGIC, Inc.", "Selenia Dimensions"), ("GE MEDICAL SYSTEMS", "Senographe Pristina"), ("SIEMENS", "MAMMOMAT Revelation")],
    "US": [("SIEMENS", "ACUSON Sequoia"), ("GE Healthcare", "LOGIQ E10"), ("Philips Medical Systems", "EPIQ 7G"), ("Canon Medical Systems", "Aplio i800")],
    "PT": [("SIEMENS", "Biograph Vision 600"), ("GE MEDICAL SYSTEMS", "Discovery MI")],
}
SOFTWARE = {"SEG": [("Atrium", "TotalSegmentator"), ("Siemens Healthineers", "AI-Rad Companion")],
            "SR": [("Atrium", "Dose Report"), ("SIEMENS", "syngo.via")]}

SOP = {"CT": "1.2.840.10008.5.1.4.1.1.2", "MR": "1.2.840.10008.5.1.4.1.1.4", "CR": "1.2.840.10008.5.1.4.1.1.1",
       "DX": "1.2.840.10008.5.1.4.1.1.1.1", "MG": "1.2.840.10008.5.1.4.1.1.1.2", "US": "1.2.840.10008.5.1.4.1.1.6.1",
       "PT": "1.2.840.10008.5.1.4.1.1.128", "SEG": "1.2.840.10008.5.1.4.1.1.66.4", "SR": "1.2.840.10008.5.1.4.1.1.88.67"}

FIRST = ["JANE", "JOHN", "MARIA", "AHMED", "LI", "ANNA", "PETER", "FATIMA", "JOSE", "EMMA", "YUKI", "OLGA", "DAVID", "SARA"]
LAST = ["SMITH", "MUELLER", "GARCIA", "NGUYEN", "KOWALSKI", "ROSSI", "DUBOIS", "JOHANSSON", "TANAKA", "OKAFOR",
        "SILVA", "COHEN", "BROWN", "IVANOVA", "MEYER", "LOPEZ", "KIM", "MARTIN"]
REFERRERS = ["HOUSE^GREGORY", "GREY^MEREDITH", "KILDARE^JAMES", "ROSS^DOUG", "QUINN^MICHAELA", "CARTER^JOHN", ""]

# study type, weight, modality, body parts (weighted by repetition)
STUDY_TYPES = [
    ("CR", 0.33, ["CHEST"] * 8 + ["ABDOMEN", "SKULL", "PELVIS"]),
    ("DX", 0.30, ["CHEST"] * 4 + ["KNEE", "HAND", "FOOT", "SHOULDER", "ANKLE", "WRIST", "LSPINE", "CSPINE", "HIP", "ELBOW"]),
    ("MG", 0.13, ["BREAST"]),
    ("US", 0.18, ["ABDOMEN"] * 3 + ["THYROID", "NECK", "PELVIS", "BREAST", "HEART", "KIDNEY"]),
    ("CT", 0.022, ["CHEST"] * 4 + ["ABDOMEN"] * 3 + ["HEAD"] * 3 + ["PELVIS", "NECK", "CSPINE", "LSPINE"]),
    ("MR", 0.011, ["HEAD"] * 4 + ["KNEE", "LSPINE", "CSPINE", "SHOULDER", "PELVIS", "ABDOMEN", "BREAST", "PROSTATE"]),
    ("PT", 0.003, ["WHOLEBODY"]),
]
CT_THICKNESS = [(0.625, 3), (1.0, 4), (1.25, 3), (2.0, 2), (2.5, 2), (3.0, 3), (5.0, 5)]
MR_THICKNESS = [(1.0, 3), (2.0, 1), (3.0, 4), (3.5, 1), (4.0, 3), (5.0, 3), (6.0, 1)]
MR_SERIES = ["T1 SE", "T2 TSE", "FLAIR", "DWI", "ADC", "T1 MPRAGE", "T2 STIR", "PD FS", "SWI", "T1 POST"]


def pick(rng, weighted):
    values, weights = zip(*weighted)
    return rng.choices(values, weights)[0]


class Generator:
    def __init__(self, seed=42):
        self.rng = random.Random(seed)
        self.uid = 0
        self.patients = []
        rng = self.rng
        # Each institution owns a small fleet per modality: facet values cluster realistically.
        self.fleet = {}
        for name, _ in INSTITUTIONS:
            for modality, choices in SCANNERS.items():
                self.fleet[(name, modality)] = rng.sample(choices, min(len(choices), rng.randint(1, 3)))
        year_weights = [1.0 + 0.07 * i for i in range(len(YEARS))]
        self.days = []
        self.day_weights = []
        for year, weight in zip(YEARS, year_weights):
            day = dt.date(year, 1, 1)
            while day.year == year:
                self.days.append(day)
                self.day_weights.append(weight * (0.25 if day.weekday() >= 5 else 1.0))
                day += dt.timedelta(days=1)

    def next_uid(self):
        self.uid += 1
        return UID_ROOT + str(self.uid)

    def patient(self, study_date):
        rng = self.rng
        if self.patients and rng.random() < 0.55:
            return rng.choice(self.patients)
        sex = rng.choice("FM") if rng.random() > 0.01 else "O"
        birth = dt.date(rng.randint(1925, 2022), rng.randint(1, 12), rng.randint(1, 28))
        birth = min(birth, study_date - dt.timedelta(days=30))
        p = {"key": "P%07d" % (len(self.patients) + 1), "id": "MRN%08d" % rng.randint(0, 99999999),
             "name": "%s^%s" % (rng.choice(LAST), rng.choice(FIRST)), "sex": sex, "birth": birth}
        self.patients.append(p)
        return p

    def series_plan(self, kind):
        """(modality, description, instances, thickness, referenced index) for one study."""
        rng = self.rng
        plan = []
        if kind == "CR" or kind == "DX":
            for view in rng.sample(["PA", "LAT", "AP", "OBL"], rng.choice([1, 1, 2, 2, 3])):
                plan.append((kind, view, rng.randint(1, 2), None, None))
        elif kind == "MG":
            for view in ["R CC", "L CC", "R MLO", "L MLO"]:
                plan.append(("MG", view, 1, None, None))
            if rng.random() < 0.4:
                plan.append(("SR", "CAD Report", 1, None, 0))
        elif kind == "US":
            plan.append(("US", "US Exam", rng.randint(5, 40), None, None))
        elif kind in ("CT", "PT"):
            plan.append(("CT", "Topogram", rng.randint(1, 3), None, None))
            for _ in range(rng.choice([1, 2, 2, 3])):
                thickness = pick(rng, CT_THICKNESS)
                count = rng.randint(200, 600) if thickness <= 1.25 else rng.randint(40, 180)
                plan.append(("CT", "Axial %.2f mm" % thickness, count, thickness, None))
            if kind == "PT":
                plan.append(("PT", "PET WB AC", rng.randint(250, 450), pick(rng, [(2.0, 1), (3.27, 2), (4.0, 1)]), None))
            if rng.random() < 0.7:
                plan.append(("SR", "Dose Report", 1, None, 1))
            if rng.random() < 0.15:
                plan.append(("SEG", "AI Segmentation", 1, None, 1))
        elif kind == "MR":
            for name in rng.sample(MR_SERIES, rng.randint(4, 8)):
                plan.append(("MR", name, rng.randint(20, 200), pick(rng, MR_THICKNESS), None))
            if rng.random() < 0.1:
                plan.append(("SEG", "AI Segmentation", 1, None, 1))
        return plan

    def studies(self, series_wanted):
        """Yields lists of series rows (dicts of plain values), one list per study."""
        rng = self.rng
        made = 0
        kinds = [(t[0], t[1]) for t in STUDY_TYPES]
        body_parts = {t[0]: t[2] for t in STUDY_TYPES}
        institution_weights = [w for _, w in INSTITUTIONS]
        study_number = 0
        while made < series_wanted:
            kind = pick(rng, kinds)
            plan = self.series_plan(kind)[: series_wanted - made]
            day = rng.choices(self.days, self.day_weights)[0]
            patient = self.patient(day)
            institution = rng.choices(INSTITUTIONS, institution_weights)[0][0]
            body_part = rng.choice(body_parts[kind])
            if rng.random() < 0.04:  # the messy values a real archive has
                body_part = rng.choice(["", "Chest", "THORAX", "UNKNOWN"]) if body_part == "CHEST" else ""
            study_number += 1
            study_uid = self.next_uid()
            start = dt.datetime.combine(day, dt.time(rng.randint(7, 19), rng.randint(0, 59), rng.randint(0, 59)))
            age = (day - patient["birth"]).days // 365
            series_uids = [self.next_uid() for _ in plan]
            modalities = sorted({p[0] for p in plan})
            instances_in_study = sum(p[2] for p in plan)
            rows = []
            derived = {}
            for i, (modality, description, count, thickness, ref) in enumerate(plan):
                if ref is not None and ref < len(plan):
                    derived.setdefault(ref, []).append(i)
            for i, (modality, description, count, thickness, ref) in enumerate(plan):
                if modality in SOFTWARE:
                    manufacturer, model = rng.choice(SOFTWARE[modality])
                else:
                    manufacturer, model = rng.choice(self.fleet[(institution, modality)])
                time_of = start + dt.timedelta(minutes=2 * i)
                row = {
                    "id": series_uids[i], "study": study_uid, "patient_key": patient["key"],
                    "PatientID": patient["id"], "PatientName": patient["name"], "PatientSex": patient["sex"],
                    "PatientBirthDate": patient["birth"], "StudyDate": day, "StudyTime": start.strftime("%H%M%S"),
                    "StudyID": str(study_number % 100000), "StudyDescription": "%s %s" % (kind, body_part or "EXAM"),
                    "AccessionNumber": "A%09d" % study_number, "ReferringPhysicianName": rng.choice(REFERRERS),
                    "PatientAge": "%03dY" % max(age, 0), "ModalitiesInStudy": modalities,
                    "NumberOfStudyRelatedSeries": len(plan), "NumberOfStudyRelatedInstances": instances_in_study,
                    "HasSEG": "SEG" in modalities, "HasSR": "SR" in modalities, "HasPDF": False,
                    "SeriesDate": day, "SeriesTime": time_of.strftime("%H%M%S"), "SeriesNumber": i + 1,
                    "Modality": modality, "SeriesDescription": description, "ProtocolName": "%s %s" % (kind, body_part),
                    "BodyPartExamined": body_part if modality not in ("SR",) else "", "Manufacturer": manufacturer,
                    "ManufacturerModelName": model, "InstitutionName": institution,
                    "StationName": "%s%02d" % (modality, rng.randint(1, 6)), "SliceThickness": thickness,
                    "MagneticFieldStrength": rng.choice([1.5, 1.5, 3.0]) if modality == "MR" else None,
                    "KVP": rng.choice([80.0, 100.0, 120.0, 120.0, 140.0]) if modality in ("CT", "CR", "DX") else None,
                    "Rows": {"CT": 512, "MR": 256, "PT": 200, "US": 768, "SEG": 512}.get(modality, 3000 if modality != "SR" else None),
                    "Columns": {"CT": 512, "MR": 256, "PT": 200, "US": 1024, "SEG": 512}.get(modality, 2500 if modality != "SR" else None),
                    "ImageType": [] if modality == "SR" else ["ORIGINAL", "PRIMARY", "AXIAL" if modality == "CT" else "OTHER"],
                    "SOPClassUID": [SOP[modality]], "NumberOfSeriesRelatedInstances": count,
                    "IngestTime": (time_of + dt.timedelta(minutes=rng.randint(5, 120))).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "ReferencedSeries": [series_uids[ref]] if ref is not None and ref < len(plan) else [],
                    "DerivedSeries": [series_uids[j] for j in derived.get(i, [])],
                    "DerivedModalities": sorted({plan[j][0] for j in derived.get(i, [])}),
                    "SOPInstanceUID": self.next_uid(), "SoftwareVersions": "VA%02d" % rng.randint(10, 60),
                    "PhotometricInterpretation": "MONOCHROME2" if modality not in ("US", "SR") else "",
                }
                rows.append(row)
            made += len(rows)
            yield rows


def iso_date(day):
    return day.isoformat() + "T00:00:00Z"


STRING = ["PatientID", "PatientSex", "StudyTime", "StudyID", "AccessionNumber", "PatientAge", "SeriesTime",
          "Modality", "BodyPartExamined", "Manufacturer", "ManufacturerModelName", "InstitutionName", "StationName"]
TEXT = ["StudyDescription", "SeriesDescription", "ProtocolName"]  # _t and _s, as Fields.Type.TEXT
PERSON = ["PatientName", "ReferringPhysicianName"]  # _pn and _s
STRINGS = ["ModalitiesInStudy", "ImageType", "SOPClassUID", "ReferencedSeries", "DerivedSeries", "DerivedModalities"]
INTS = ["NumberOfStudyRelatedSeries", "NumberOfStudyRelatedInstances", "SeriesNumber", "Rows", "Columns",
        "NumberOfSeriesRelatedInstances"]
DOUBLES = ["SliceThickness", "MagneticFieldStrength", "KVP"]
BOOLS = ["HasSEG", "HasSR", "HasPDF"]
DATES = ["PatientBirthDate", "StudyDate", "SeriesDate"]
OTHER = ["SOPInstanceUID", "SoftwareVersions", "PhotometricInterpretation"]  # dictionary keywords Atrium does not type


def document_id(patient_key, series_uid):
    """Fields.documentId: a route of the patient key's Java hashCode, '!', the series UID."""
    h = 0
    for c in patient_key:
        h = (31 * h + ord(c)) & 0xFFFFFFFF
    return "p%x!%s" % (h, series_uid)


def solr_doc(row, indexed_at):
    """The document DocumentMapper would write for this series (same field names and types)."""
    doc = {"id": document_id(row["patient_key"], row["id"]), "SeriesInstanceUID_s": row["id"], "StudyInstanceUID_s": row["study"],
           "atrium_patient_s": row["patient_key"], "atrium_indexed_dt": indexed_at, "IngestTime_dt": row["IngestTime"]}
    for k in STRING + OTHER:
        if row[k]:
            doc[k + "_s"] = row[k]
    for k in TEXT:
        if row[k]:
            doc[k + "_t"] = doc[k + "_s"] = row[k]
    for k in PERSON:
        if row[k]:
            doc[k + "_pn"] = doc[k + "_s"] = row[k]
    for k in STRINGS:
        if row[k]:
            doc[k + "_ss"] = row[k]
    for k in INTS:
        if row[k] is not None:
            doc[k + "_i"] = row[k]
    for k in DOUBLES:
        if row[k] is not None:
            doc[k + "_d"] = row[k]
    for k in BOOLS:
        doc[k + "_b"] = row[k]
    for k in DATES:
        doc[k + "_dt"] = iso_date(row[k])
    return doc


PG_COLUMNS = (["id", "study", "patient_key"] + STRING + OTHER + TEXT + PERSON + STRINGS + INTS + DOUBLES + BOOLS
              + DATES + ["IngestTime"])


def pg_type(column):
    if column in STRINGS:
        return "text[]"
    if column in INTS:
        return "integer"
    if column in DOUBLES:
        return "double precision"
    if column in BOOLS:
        return "boolean"
    if column in DATES:
        return "date"
    if column == "IngestTime":
        return "timestamptz"
    return "text"


def pg_value(column, value):
    if value is None or value == "":
        return ""  # NULL in CSV
    if column in STRINGS:
        return "{" + ",".join(value) + "}"
    if column in BOOLS:
        return "t" if value else "f"
    return str(value)


# ---------------------------------------------------------------------------------------------
# The dashboard: what /api/v1/facets?field=Modality&field=BodyPartExamined&field=Manufacturer
# &field=InstitutionName&range=StudyDate:1y&range=SliceThickness:0.5&fq=..&fq=..&fq=.. sends.
# ---------------------------------------------------------------------------------------------

TERM_FACETS = ["Modality", "BodyPartExamined", "Manufacturer", "InstitutionName"]
FILTER_MODALITIES = ["CT", "MR", "CR", "DX", "MG", "US", "PT", "SEG", "SR"]


def filter_sets(count, seed=7):
    """(first year, last year, modalities, sex) per run: three filters with varied values."""
    rng = random.Random(seed)
    sets = [(2019, 2023, ["CT", "MR"], "F")]  # the cold query
    while len(sets) < count:
        first = rng.choice(YEARS)
        last = min(YEARS[-1], first + rng.randint(0, 5))
        sets.append((first, last, sorted(rng.sample(FILTER_MODALITIES, rng.randint(1, 3))), rng.choice("FM")))
    return sets


def solr_filters(f):
    first, last, modalities, sex = f
    # String keywords match their lowercased copies (_ci), as QueryParser writes them.
    return ["StudyDate_dt:[%d-01-01T00:00:00Z TO %d-12-31T00:00:00Z]" % (first, last),
            "(%s)" % " OR ".join("Modality_ci:%s" % m.lower() for m in modalities), "PatientSex_ci:%s" % sex.lower()]


def pg_dashboard(f):
    first, last, modalities, sex = f
    return ("SELECT Modality, BodyPartExamined, Manufacturer, InstitutionName, date_trunc('year', StudyDate) AS year, "
            "floor(SliceThickness / 0.5) * 0.5 AS thickness, count(*) FROM series "
            "WHERE StudyDate BETWEEN '%d-01-01' AND '%d-12-31' AND Modality IN (%s) AND PatientSex = '%s' "
            "GROUP BY GROUPING SETS ((), (Modality), (BodyPartExamined), (Manufacturer), (InstitutionName), "
            "(date_trunc('year', StudyDate)), (floor(SliceThickness / 0.5) * 0.5));"
            % (first, last, ",".join("'%s'" % m for m in modalities), sex))


class Solr:
    def __init__(self, work, jars, home, heap):
        self.work, self.jars, self.home, self.heap = work, jars, home, heap
        self.proc = None
        self.conn = None

    def start(self):
        log = open(os.path.join(self.work, "solr.log"), "ab")
        self.proc = subprocess.Popen(
            ["java", "-Xmx" + self.heap, "-XX:+ExitOnOutOfMemoryError", "-cp", self.jars + "/*",
             "org.atrium.search.solr.node.SolrNode", "--host", "127.0.0.1", "--port", str(SOLR_PORT),
             "--home", self.home, "--data", os.path.join(self.work, "solr-data"), "--core", "atrium"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        with open(os.path.join(self.work, "solr.pid"), "w") as out:
            out.write(str(self.proc.pid))
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("Solr node exited with %d, see %s/solr.log" % (self.proc.returncode, self.work))
            try:
                self.conn = http.client.HTTPConnection("127.0.0.1", SOLR_PORT, timeout=600)
                self.get("/solr/atrium/admin/ping")
                return
            except (OSError, http.client.HTTPException):
                time.sleep(0.3)
        raise SystemExit("Solr node did not answer within 120 s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def request(self, method, path, body=None):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise SystemExit("Solr %s %s: %d %s" % (method, path[:200], response.status, data[:500]))
        return json.loads(data)

    def get(self, path, params=()):
        return self.request("GET", path + ("?" + urllib.parse.urlencode(list(params)) if params else ""))

    def update(self, body):
        return self.request("POST", "/solr/atrium/update?wt=json", body)

    def load(self, batches):
        start = time.perf_counter()
        for body in batches:
            self.update(body)
        self.update(b'{"commit": {}}')
        return time.perf_counter() - start

    def dashboard(self, f):
        """The two /select calls SolrSearch.facets makes at series level (JSON Facet API): terms +
        min/max, then the ranges."""
        base = [("q", "*:*"), ("defType", "lucene"), ("df", "text"), ("q.op", "AND"), ("rows", "0"), ("wt", "json")]
        base += [("fq", q) for q in solr_filters(f)]
        terms = ",".join('"t%d":{"type":"terms","field":"%s_s","limit":100,"mincount":1,"refine":true,'
                         '"sort":"count desc"}' % (i, k) for i, k in enumerate(TERM_FACETS))
        first = base + [("json.facet", "{" + terms + ',"min0":"min(StudyDate_dt)","max0":"max(StudyDate_dt)",'
                                     '"min1":"min(SliceThickness_d)","max1":"max(SliceThickness_d)"}')]
        stats = self.get("/solr/atrium/select", first).get("facets", {})
        ranges = []
        if stats.get("min0") is not None:
            ranges.append('"r0":{"type":"range","field":"StudyDate_dt","start":"%s/YEAR","end":"%s/DAY+1DAY",'
                          '"gap":"+1YEARS","mincount":0}' % (stats["min0"], stats["max0"]))
        if stats.get("min1") is not None:
            lo = (stats["min1"] // 0.5) * 0.5
            hi = (stats["max1"] // 0.5 + 1) * 0.5
            ranges.append('"r1":{"type":"range","field":"SliceThickness_d","start":"%r","end":"%r","gap":"0.5",'
                          '"mincount":0}' % (lo, hi))
        if ranges:
            self.get("/solr/atrium/select", base + [("json.facet", "{" + ",".join(ranges) + "}")])

    def memory_kb(self):
        return rss_kb(self.proc.pid)


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def pss_kb(pid):
    try:
        with open("/proc/%d/smaps_rollup" % pid) as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Postgres:
    BIN = "/usr/lib/postgresql/15/bin"

    def __init__(self, work):
        self.work = work
        self.data = os.path.join(work, "pg-data")
        self.sock = os.path.join(work, "pg-sock")
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, args, **kw):
        return subprocess.run(self.as_postgres + args, check=True, **kw)

    def init(self):
        os.makedirs(self.sock, exist_ok=True)
        if self.as_postgres:
            os.chmod(self.work, 0o755)
            subprocess.run(["chown", "postgres", self.sock], check=True)
            os.makedirs(self.data)
            subprocess.run(["chown", "postgres", self.data], check=True)
        self.run([self.BIN + "/initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync"],
                 stdout=subprocess.DEVNULL)

    def start(self):
        self.run([self.BIN + "/pg_ctl", "-D", self.data, "-w", "-l", os.path.join(self.data, "log"),
                  "-o", "-p %d -k %s -c listen_addresses=''" % (PG_PORT, self.sock), "start"],
                 stdout=subprocess.DEVNULL)

    def stop(self):
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self.run([self.BIN + "/pg_ctl", "-D", self.data, "-w", "-m", "fast", "stop"], stdout=subprocess.DEVNULL)

    def psql(self, script, capture=False):
        return self.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.sock, "-p", str(PG_PORT),
                         "-U", "postgres", "-d", "postgres"], input=script.encode(), capture_output=capture)

    def load(self, csv_path):
        """Empty table, COPY, then the indexes and statistics (Solr builds its index while loading)."""
        cols = ", ".join("%s %s" % (c, pg_type(c)) for c in PG_COLUMNS)
        indexed = ["Modality", "BodyPartExamined", "Manufacturer", "InstitutionName", "StudyDate", "SliceThickness",
                   "PatientSex"]
        script = "SET client_min_messages = warning;\nDROP TABLE IF EXISTS series;\nCREATE TABLE series (%s);\n" % cols
        script += "\\copy series FROM '%s' WITH (FORMAT csv)\n" % csv_path
        script += "ALTER TABLE series ADD PRIMARY KEY (id);\n"
        script += "".join("CREATE INDEX ON series (%s);\n" % c for c in indexed)
        script += "ANALYZE series;\nCHECKPOINT;\n"
        start = time.perf_counter()
        self.psql(script)
        return time.perf_counter() - start

    def timed(self, statements):
        """Per-statement latency as psql measures it (\\timing: send, execute, receive)."""
        script = "\\timing on\n\\o /dev/null\n" + "\n".join(statements) + "\n"
        out = self.psql(script, capture=True).stdout.decode()
        times = [float(m) for m in re.findall(r"^Time: ([0-9.]+) ms", out, re.M)]
        if len(times) != len(statements):
            raise SystemExit("psql timing: expected %d figures, got %d" % (len(statements), len(times)))
        return times

    def memory_kb(self):
        pid = int(open(os.path.join(self.data, "postmaster.pid")).readline())
        pids = [pid] + [int(p) for p in os.listdir("/proc") if p.isdigit() and parent(int(p)) == pid]
        return sum(pss_kb(p) for p in pids)


def parent(pid):
    try:
        with open("/proc/%d/stat" % pid) as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def drop_caches():
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as out:
            out.write("3")
        return True
    except OSError:
        return False


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def main():
    work, jars, home, series_wanted = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    heap = os.environ.get("SOLR_HEAP", "512m")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    t0 = time.perf_counter()
    print("Generating %d series ..." % series_wanted, flush=True)
    gen = Generator()
    rows = [row for study in gen.studies(series_wanted) for row in study]
    instances = sum(r["NumberOfSeriesRelatedInstances"] for r in rows)
    studies = len({r["study"] for r in rows})
    patients = len({r["patient_key"] for r in rows})
    indexed_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    batches = []
    for i in range(0, len(rows), BATCH):
        batches.append(json.dumps([solr_doc(r, indexed_at) for r in rows[i:i + BATCH]]).encode())
    csv_path = os.path.join(work, "series.csv")
    with open(csv_path, "w", newline="") as out:
        writer = csv.writer(out)
        for r in rows:
            writer.writerow([pg_value(c, r.get(c)) for c in PG_COLUMNS])
    os.chmod(csv_path, 0o644)
    by_modality = {}
    for r in rows:
        by_modality[r["Modality"]] = by_modality.get(r["Modality"], 0) + 1
    print("  %d series, %d instances (%.1f per series), %d studies, %d patients; %.0f s"
          % (len(rows), instances, instances / len(rows), studies, patients, time.perf_counter() - t0))
    print("  series by modality: " + ", ".join("%s %d" % kv for kv in sorted(by_modality.items(), key=lambda kv: -kv[1])))
    n_series = len(rows)
    del rows
    sets = filter_sets(WARMUP + WARM_RUNS + 1)
    cold_set, warmup_sets, warm_sets = sets[0], sets[1:1 + WARMUP], sets[1 + WARMUP:]
    cached = drop_caches()
    result = {}

    # Solr ----------------------------------------------------------------------------------
    solr = Solr(work, jars, home, heap)
    try:
        print("Solr (heap %s): load, reindex, dashboard ..." % heap, flush=True)
        solr.start()
        load_s = solr.load(batches)
        count = solr.get("/solr/atrium/select", [("q", "*:*"), ("rows", "0"), ("wt", "json")])["response"]["numFound"]
        if count != n_series:
            raise SystemExit("Solr holds %d documents, expected %d" % (count, n_series))
        rss_load = solr.memory_kb()
        start = time.perf_counter()
        solr.update(b'{"delete": {"query": "*:*"}, "commit": {}}')
        reindex_s = time.perf_counter() - start + solr.load(batches)
        cold = []
        for _ in range(COLD_RESTARTS):
            solr.stop()
            drop_caches()
            solr.start()
            start = time.perf_counter()
            solr.dashboard(cold_set)
            cold.append((time.perf_counter() - start) * 1000)
        for f in warmup_sets:
            solr.dashboard(f)
        warm = []
        for f in warm_sets:
            start = time.perf_counter()
            solr.dashboard(f)
            warm.append((time.perf_counter() - start) * 1000)
        result["solr"] = dict(load=load_s, reindex=reindex_s, cold=cold, warm=warm, mem_load=rss_load,
                              mem_query=solr.memory_kb())
    finally:
        solr.stop()
    del batches

    # PostgreSQL ------------------------------------------------------------------------------
    pg = Postgres(work)
    try:
        print("PostgreSQL 15: load, reload, dashboard ...", flush=True)
        pg.init()
        pg.start()
        load_s = pg.load(csv_path)
        mem_load = pg.memory_kb()
        reindex_s = pg.load(csv_path)  # DROP + COPY + indexes: the delete-all + load equivalent
        cold = []
        for _ in range(COLD_RESTARTS):
            pg.stop()
            drop_caches()
            pg.start()
            cold.append(pg.timed([pg_dashboard(cold_set)])[0])
        pg.timed([pg_dashboard(f) for f in warmup_sets])
        warm = pg.timed([pg_dashboard(f) for f in warm_sets])
        result["pg"] = dict(load=load_s, reindex=reindex_s, cold=cold, warm=warm, mem_load=mem_load,
                            mem_query=pg.memory_kb())
    finally:
        pg.stop()

    report(result, series_wanted, instances, heap, cached)
    print("Total %.0f s" % (time.perf_counter() - t0))


def report(r, series, instances, heap, cached):
    s, p = r["solr"], r["pg"]
    print()
    print("Search benchmark: %d series (%d instances), dashboard = 4 term facets + StudyDate:1y + "
          "SliceThickness:0.5, 3 filters" % (series, instances))
    print("cold = first dashboard after a restart (median of %d; OS page cache %s); warm = %d runs, varied filters"
          % (COLD_RESTARTS, "dropped" if cached else "NOT dropped (no permission)", WARM_RUNS))
    rows = [
        ("load, docs/s", series / s["load"], series / p["load"], "%.0f"),
        ("load, instances/s equivalent", instances / s["load"], instances / p["load"], "%.0f"),
        ("full reindex, s", s["reindex"], p["reindex"], "%.1f"),
        ("dashboard cold, ms", statistics.median(s["cold"]), statistics.median(p["cold"]), "%.1f"),
        ("dashboard warm p50, ms", percentile(s["warm"], 50), percentile(p["warm"], 50), "%.1f"),
        ("dashboard warm p95, ms", percentile(s["warm"], 95), percentile(p["warm"], 95), "%.1f"),
        ("dashboard warm p99, ms", percentile(s["warm"], 99), percentile(p["warm"], 99), "%.1f"),
        ("memory after load, MB", s["mem_load"] / 1024, p["mem_load"] / 1024, "%.0f"),
        ("memory after queries, MB", s["mem_query"] / 1024, p["mem_query"] / 1024, "%.0f"),
    ]
    print("%-32s %12s %12s %10s" % ("", "Solr", "PostgreSQL", "Solr/PG"))
    for name, a, b, fmt in rows:
        print("%-32s %12s %12s %9.2fx" % (name, fmt % a, fmt % b, a / b if b else float("nan")))
    print("Solr: heap %s, memory = RSS of the node; PostgreSQL: memory = Pss of postmaster and its children" % heap)
    print("cold samples, ms: Solr %s; PostgreSQL %s" % (", ".join("%.0f" % c for c in s["cold"]),
                                                        ", ".join("%.0f" % c for c in p["cold"])))
    print("Targets at 1M instances: warm p95 <= 100 ms: %s; full reindex <= 600 s: %s; Solr RSS <= 1024 MB: %s"
          % (yes(percentile(s["warm"], 95) <= 100), yes(s["reindex"] <= 600),
             yes(max(s["mem_load"], s["mem_query"]) <= 1024 * 1024)))


def yes(ok):
    return "met" if ok else "MISSED"


if __name__ == "__main__":
    main()
