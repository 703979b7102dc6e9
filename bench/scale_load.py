"""Load client for anonymous submissions (run by bench/scale_measure.py in its own process).

    python bench/scale_load.py http://127.0.0.1:8799/s/bench-0001/ 2000 8

Each thread opens the public page once (CSRF cookie and token), then posts `n / threads`
submissions, each with a fresh form token, as a browser would. Prints key=value pairs:
ok, errors, rate (successful submissions per second), p50 and p95 (ms).
"""

import http.cookiejar
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid


def worker(page_url, n, results, errors):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(page_url, timeout=30).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    submit = urllib.parse.urljoin(page_url, "submit/")
    for i in range(n):
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "token": uuid.uuid4().hex,
                "kind": "grievance",
                "content": f"压力测试诉求 {i}：夜班食堂供餐时间太早，希望延长。",
            }
        ).encode()
        request = urllib.request.Request(submit, data=body, headers={"Referer": page_url})
        t = time.perf_counter()
        try:
            with opener.open(request, timeout=30) as response:
                text = response.read().decode()
            if response.status == 200 and 'id="receipt-code"' in text:
                results.append((time.perf_counter() - t) * 1000)
            else:
                errors.append(response.status)
        except Exception as exc:  # noqa: BLE001 - any failure counts as an error
            errors.append(repr(exc))


def main():
    page_url, total, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    results, errors = [], []
    started = time.perf_counter()
    pool = [
        threading.Thread(target=worker, args=(page_url, total // threads, results, errors))
        for _ in range(threads)
    ]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    results.sort()
    p95 = results[max(0, int(round(0.95 * len(results))) - 1)] if results else 0
    print(
        f"ok={len(results)} errors={len(errors)} rate={len(results) / elapsed:.1f} "
        f"p50={statistics.median(results) if results else 0:.1f} p95={p95:.1f}"
    )
    if errors:
        print(f"first errors: {errors[:3]}", file=sys.stderr)


if __name__ == "__main__":
    main()
