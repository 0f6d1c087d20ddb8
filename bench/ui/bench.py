#!/usr/bin/env python3
"""UI benchmark (see run): dashboard first paint, filter click to updated charts, viewer scrolling.

Atrium runs from its distribution tarball on ports of its own; S synthetic series go straight into
its Solr node (the documents Atrium's indexer writes, from bench/search's generator); a 512x512
16-bit CT series of 100 slices goes in over DICOM, and into Orthanc too."""
import importlib.util
import json
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tarfile
import time
import urllib.request

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

WORK, DIST, SERIES, SEARCH_BENCH = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
DICOM, WEB, SSH, SOLR = 31114, 38081, 38102, 38984
ORTHANC_DICOM, ORTHANC_HTTP = 31115, 38043
SLICES, SIZE = 100, 512
ENV = dict(os.environ, TCP_NODELAY="1")

spec = importlib.util.spec_from_file_location("searchbench", os.path.join(SEARCH_BENCH, "bench.py"))
searchbench = importlib.util.module_from_spec(spec)
sys.argv = sys.argv[:1]  # the search bench reads its own arguments only in main()
spec.loader.exec_module(searchbench)


def log(*args):
    print(*args, flush=True)


def wait_http(url, seconds=180):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except Exception:
            pass
        time.sleep(0.5)
    raise SystemExit("no answer from " + url)


def start_atrium():
    home = os.path.join(WORK, "atrium")
    os.makedirs(home)
    with tarfile.open(DIST) as tar:
        tar.extractall(home)
    home = os.path.join(home, os.listdir(home)[0])
    etc = os.path.join(home, "etc")
    for name, old, new in (("org.atrium.dicom.listener-default.cfg", "port = 11112", "port = %d" % DICOM),
                           ("org.atrium.web.cfg", "port = 8080", "port = %d" % WEB),
                           ("org.apache.karaf.shell.cfg", "sshPort = 8101", "sshPort = %d" % SSH),
                           ("org.atrium.search.solr.cfg", "port = 8983", "port = %d" % SOLR)):
        path = os.path.join(etc, name)
        text = open(path).read()
        assert old in text, (path, old)
        open(path, "w").write(text.replace(old, new))
    users = os.path.join(etc, "users.properties")
    if os.path.islink(users):
        os.unlink(users)
    open(users, "w").write("bench = bench,researcher\n")
    env = dict(ENV, EXTRA_JAVA_OPTS="-Datrium.data=" + os.path.join(WORK, "atrium-data"))
    proc = subprocess.Popen([os.path.join(home, "bin", "karaf"), "run"], cwd=home, env=env,
                            stdout=open(os.path.join(WORK, "atrium.log"), "w"), stderr=subprocess.STDOUT)
    open(os.path.join(WORK, "atrium.pid"), "w").write(str(proc.pid))
    wait_http("http://127.0.0.1:%d/ui/login" % WEB)
    return proc


def start_orthanc():
    db = os.path.join(WORK, "orthanc")
    os.makedirs(db)
    config = os.path.join(WORK, "orthanc.json")
    json.dump({"Name": "bench", "StorageDirectory": db, "IndexDirectory": db, "DicomAet": "ORTHANC",
               "DicomPort": ORTHANC_DICOM, "HttpPort": ORTHANC_HTTP, "RemoteAccessAllowed": False,
               "AuthenticationEnabled": False}, open(config, "w"))
    proc = subprocess.Popen(["Orthanc", config], env=ENV, stdout=open(os.path.join(WORK, "orthanc.log"), "w"),
                            stderr=subprocess.STDOUT)
    open(os.path.join(WORK, "orthanc.pid"), "w").write(str(proc.pid))
    wait_http("http://127.0.0.1:%d/system" % ORTHANC_HTTP)
    return proc


def load_series_documents():
    gen = searchbench.Generator()
    now = "2026-01-01T00:00:00Z"
    url = "http://127.0.0.1:%d/solr/atrium/update?wt=json" % SOLR
    batch, sent, started = [], 0, time.perf_counter()

    def post(body):
        req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=300).read()

    for study in gen.studies(SERIES):
        for row in study:
            batch.append(searchbench.solr_doc(row, now))
        if len(batch) >= 5000:
            post(json.dumps(batch).encode())
            sent += len(batch)
            batch = []
    if batch:
        post(json.dumps(batch).encode())
        sent += len(batch)
    post(b'{"commit": {}}')
    return sent, time.perf_counter() - started


def slice_pixels(k):
    pixels = bytearray(SIZE * SIZE * 2)
    for r in range(SIZE):
        dy = (r - 256) / 200.0
        row = []
        for c in range(SIZE):
            dx = (c - 256) / 230.0
            v = -1000
            if dx * dx + dy * dy < 1:
                v = 40
                for cx in (170, 342):
                    lx, ly = (c - cx) / 70.0, (r - 230) / (90.0 + 4 * k)
                    if lx * lx + ly * ly < 1:
                        v = -850
                if (c - 256) ** 2 + (r - 380) ** 2 < 900:
                    v = 700
            row.append(v + 1024)
        struct.pack_into("<%dh" % SIZE, pixels, r * SIZE * 2, *row)
    return bytes(pixels)


def write_ct(folder):
    """A 512x512 signed 16-bit CT: a body disc with two darker lungs and a bright spine."""
    os.makedirs(folder)
    study, series = generate_uid(), generate_uid()
    templates = {}
    for k in range(SLICES):
        if k % 5 in templates:
            pixels = templates[k % 5]
        else:
            pixels = templates[k % 5] = slice_pixels(k % 5)
        ds = Dataset()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPClassUID, ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPClassUID, ds.SOPInstanceUID
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.PatientName, ds.PatientID, ds.Modality = "Bench^Viewer", "BENCH-CT", "CT"
        ds.StudyDate, ds.SeriesNumber, ds.InstanceNumber = "20260101", 1, k + 1
        ds.ImagePositionPatient = [-250.0, -250.0, -200.0 + 2.0 * k]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing, ds.SliceThickness = [0.98, 0.98], 2.0
        ds.Rows = ds.Columns = SIZE
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.RescaleIntercept, ds.RescaleSlope = -1024, 1
        ds.WindowCenter, ds.WindowWidth = 40, 400
        ds.PixelData = bytes(pixels)
        ds.is_little_endian, ds.is_implicit_VR = True, False
        ds.save_as(os.path.join(folder, "ct%03d.dcm" % k), write_like_original=False)
    return series


def send(folder, aet, port):
    subprocess.run(["storescu", "-aec", aet, "+sd", "127.0.0.1", str(port), folder], env=ENV, check=True,
                   stdout=subprocess.DEVNULL)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--window-size=1400,1000", "--user-data-dir=" + os.path.join(WORK, "chromium")):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main():
    log("Atrium UI benchmark: %d synthetic series, a %dx%d CT of %d slices" % (SERIES, SIZE, SIZE, SLICES))
    atrium = start_atrium()
    orthanc = start_orthanc()
    try:
        sent, took = load_series_documents()
        log("indexed %d series documents in %.1f s" % (sent, took))
        ct = os.path.join(WORK, "ct")
        series = write_ct(ct)
        send(ct, "ATRIUM", DICOM)
        send(ct, "ORTHANC", ORTHANC_DICOM)
        d = browser()
        wait = WebDriverWait(d, 60, poll_frequency=0.01)
        d.get("http://127.0.0.1:%d/ui/login" % WEB)
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#vaadinLoginUsername input"))
        d.find_element(By.CSS_SELECTOR, "#vaadinLoginUsername input").send_keys("bench")
        d.find_element(By.CSS_SELECTOR, "#vaadinLoginPassword input").send_keys("bench\n")
        wait.until(lambda b: b.find_elements(By.ID, "current-user"))

        def painted(b):
            bars = b.find_elements(By.CSS_SELECTOR, "#chart-Modality .bar")
            count = b.find_elements(By.ID, "result-count")
            return bars and count and count[0].text.strip()

        # 1. Dashboard first paint: navigation to charts and counts on screen.
        paints = []
        for _ in range(12):
            t = time.perf_counter()
            d.get("http://127.0.0.1:%d/ui/" % WEB)
            wait.until(painted)
            paints.append(time.perf_counter() - t)
        paints = paints[2:]  # the first two warm the JIT and the caches

        # The REST call behind the same charts, as the floor.
        auth = "Basic " + __import__("base64").b64encode(b"bench:bench").decode()
        facets = ("http://127.0.0.1:%d/api/v1/facets?field=Modality&field=BodyPartExamined&field=Manufacturer"
                  "&field=InstitutionName&range=StudyDate:1y&range=SliceThickness:0.5" % WEB)
        rest = []
        for _ in range(12):
            t = time.perf_counter()
            urllib.request.urlopen(urllib.request.Request(facets, headers={"Authorization": auth})).read()
            rest.append(time.perf_counter() - t)
        rest = rest[2:]

        # 2. Filter click to updated charts and counts: a bar, then its chip away again.
        clicks = []
        for i in range(20):
            before = d.find_element(By.ID, "result-count").text
            bars = d.find_elements(By.CSS_SELECTOR, "#chart-Modality .bar")
            t = time.perf_counter()
            bars[i % min(3, len(bars))].click()
            wait.until(lambda b: b.find_element(By.ID, "result-count").text != before)
            clicks.append(time.perf_counter() - t)
            before = d.find_element(By.ID, "result-count").text
            t = time.perf_counter()
            d.find_element(By.CSS_SELECTOR, "vaadin-button.filter-chip").click()
            wait.until(lambda b: b.find_element(By.ID, "result-count").text != before)
            clicks.append(time.perf_counter() - t)

        # 3. Viewer: every slice shown in turn, each waiting for its picture (cold, then warm).
        d.get("http://127.0.0.1:%d/ui/viewer/%s" % (WEB, series))
        wait.until(lambda b: b.find_element(By.ID, "viewer").get_attribute("data-shown"))
        d.set_script_timeout(300)
        scroll = """
            const done = arguments[arguments.length - 1];
            const el = document.getElementById('viewer');
            const img = el.querySelector('img.slice');
            const n = el.atrium ? JSON.parse(el.getAttribute('data-slice')) : 0;
            (async () => {
              const t0 = performance.now();
              const total = %d;
              for (let i = 0; i < total; i++) {
                const loaded = new Promise(r => { img.onload = r; img.onerror = r; });
                el.atrium.i = i; el.atriumShow();
                await loaded;
              }
              done((performance.now() - t0) / 1000);
            })();""" % SLICES
        cold = d.execute_async_script(scroll)
        warm = d.execute_async_script(scroll)

        # Orthanc's rendered previews of the same slices, shown the same way.
        ids = json.load(urllib.request.urlopen("http://127.0.0.1:%d/instances" % ORTHANC_HTTP))
        order = []
        for i in ids:
            tags = json.load(urllib.request.urlopen("http://127.0.0.1:%d/instances/%s/simplified-tags" % (ORTHANC_HTTP, i)))
            order.append((int(tags.get("InstanceNumber", 0)), i))
        order = [i for _, i in sorted(order)]
        d.get("http://127.0.0.1:%d/app/explorer.html" % ORTHANC_HTTP)
        peer = """
            const done = arguments[arguments.length - 1];
            const ids = arguments[0];
            const img = document.createElement('img');
            document.body.appendChild(img);
            (async () => {
              const t0 = performance.now();
              for (const id of ids) {
                const loaded = new Promise(r => { img.onload = r; img.onerror = r; });
                img.src = '/instances/' + id + '/preview';
                await loaded;
              }
              done((performance.now() - t0) / 1000);
            })();"""
        orthanc_time = d.execute_async_script(peer, order)
        d.quit()

        ms = lambda s: "%.0f ms" % (s * 1000)
        log("")
        log("%-44s %10s %10s" % ("", "p50", "p95"))
        log("%-44s %10s %10s" % ("dashboard first paint (target p95 <= 1 s)", ms(pct(paints, 50)), ms(pct(paints, 95))))
        log("%-44s %10s %10s" % ("  peer: the same facets over REST", ms(pct(rest, 50)), ms(pct(rest, 95))))
        log("%-44s %10s %10s" % ("filter click to updated charts (<= 300 ms)", ms(pct(clicks, 50)), ms(pct(clicks, 95))))
        log("")
        log("viewer, %dx%d CT, %d slices (target >= 20 slices/s):" % (SIZE, SIZE, SLICES))
        log("  Atrium cold   %6.1f slices/s" % (SLICES / cold))
        log("  Atrium warm   %6.1f slices/s" % (SLICES / warm))
        log("  Orthanc previews (peer) %6.1f slices/s" % (SLICES / orthanc_time))
        log("")
        log("ratios: first paint / REST facets %.1fx; Atrium cold viewer / Orthanc previews %.2fx"
            % (pct(paints, 95) / pct(rest, 95), orthanc_time / cold))
    finally:
        for proc in (atrium, orthanc):
            for child in subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split():
                subprocess.run(["kill", child])
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
