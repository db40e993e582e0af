"""Throughput of the desk under gunicorn: requests per second and p50/p99 latency, side by side.

    python bench/load.py                                   # a fresh SQLite desk with 1,000 claims
    python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/bench --seconds 20

One run measures, one after the other with the same load (locust, headless,
--users concurrent users without pauses, --seconds each):

  static file       a file served by whitenoise of the same size as the verdict page: the ceiling
  cached verdict    the verdict page for an anonymous reader, from the shared cache
  uncached verdict  the same page from a second server whose page cache keeps nothing
  home page         the public home page, anonymous (cached)
  desk queue        the fact-checker's queue, logged in (never cached)

Two gunicorn servers run on loopback with the production settings (debug off,
hashed static files) over the given database, and Redis when one answers at
--redis-url.

Two other runs (--scenario):

  ceiling      the static file and the cached verdict page, alternately, for
               --rounds rounds: is the cached page steady near the static file?
  redis-down   the public pages with REDIS_URL at a port where nothing listens
               (Redis stopped): what the site serves while the cache is down

With --defaults the servers get no tuning variable at all (workers, threads,
database connection age, access log): gunicorn.conf.py's and settings.py's
defaults, as a new deployment would run. Traffic goes to 127.0.0.1 only; every phase stops by itself.
Before each phase the page is also requested 40 times one at a time: that
median is the page's own cost, which a busy machine does not inflate as much.
The table is printed as Markdown, ready for bench/RESULTS.md.
"""

# locust patches the standard library for gevent; it must come first.
from locust import FastHttpUser, constant, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import http.cookiejar
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import gevent

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ("bench-checker-1", "bench-password")  # made by bench/populate.py
CEILING = "bench/ceiling.html"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_answers(url):
    try:
        import redis

        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - no usable Redis: run without it
        return False


def manage(env, *args, capture=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout


def prepare(args, workdir: Path) -> dict:
    """The environment both servers share, with a database that holds the demo and generated claims."""
    database_url = args.database_url or f"sqlite:///{workdir / 'desk.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_", "FACTCHECK_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DATABASE_URL=database_url,
        AXES_ENABLED="0",  # hundreds of logins a minute from one address are the benchmark, not an attack
        REDIS_URL=args.redis_url if redis_answers(args.redis_url) else "",
        CACHE_KEY_PREFIX=f"bench-{secrets.token_hex(4)}",
    )
    if not args.defaults:
        env.update(
            DATABASE_CONN_MAX_AGE="60",
            FACTCHECK_LOG_LEVEL="WARNING",
            GUNICORN_WORKERS=str(args.workers),
            GUNICORN_THREADS=str(args.threads),
            GUNICORN_ACCESS_LOG="/dev/null",
        )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    has_claims = manage(
        env, "shell", "-v0", "-c", "from claims.models import Claim; print(Claim.objects.count())", capture=True
    )
    if int(has_claims.strip()) < args.claims:
        subprocess.run(
            [sys.executable, "bench/populate.py", str(args.claims), "--database-url", database_url],
            cwd=ROOT,
            env=env,
            check=True,
            stderr=subprocess.DEVNULL,
        )
    slug = manage(
        env,
        "shell",
        "-v0",
        "-c",
        "from claims.models import Claim; "
        "print(Claim.objects.published().order_by('-first_published_at').first().slug)",
        capture=True,
    ).strip()
    env["BENCH_SLUG"] = slug
    return env


def forget_cache(env):
    """Delete this run's keys (both servers' prefixes) from the shared Redis."""
    if not env["REDIS_URL"]:
        return
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    for key in client.scan_iter(f"{env['CACHE_KEY_PREFIX']}*"):
        client.delete(key)


def write_ceiling(env, size: int):
    """A static file exactly as large as the verdict page; whitenoise indexes STATIC_ROOT when a server starts."""
    target = Path(env["DJANGO_STATIC_ROOT"]) / CEILING
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(("<!doctype html><p>" + "static ceiling " * (size // 15 + 1))[:size])


class Server:
    def __init__(self, env, **extra):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, **extra, "GUNICORN_BIND": f"127.0.0.1:{self.port}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn on {self.port} did not start")

    def get(self, path) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.read()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def user_class(path, *, session=None):
    """Readers requesting one page without pause; with a session cookie, as that logged-in person."""
    headers = {"Accept-Encoding": "identity"}
    if session:
        headers["Cookie"] = f"sessionid={session}"

    class Reader(FastHttpUser):
        wait_time = constant(0)

        @task
        def page(self):
            with self.client.get(path, name="page", headers=headers, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(str(response.status_code))

    return Reader


def log_in(server, username, password) -> str:
    """Log in once (password hashing is deliberately slow) and share the session: sessions live in the database."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(server.url + "/accounts/login/", timeout=10).read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": csrf})
    opener.open(server.url + "/accounts/login/", data.encode(), timeout=30).read()
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    if not session:
        raise SystemExit(f"could not log in as {username}")
    return session


def alone_ms(url, session=None, count=40) -> float:
    """Median time of one request at a time: the page's own cost, without queueing behind others."""
    headers = {"Accept-Encoding": "identity", **({"Cookie": f"sessionid={session}"} if session else {})}
    times = []
    for _ in range(count):
        began = time.perf_counter()
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
            response.read()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def run_phase(host, user, users, seconds, warm_up=2):
    user.host = host
    env = Environment(user_classes=[user])
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(warm_up)  # logins, first renders: not counted
    env.stats.reset_all()
    began = time.monotonic()
    gevent.sleep(seconds)
    elapsed = time.monotonic() - began
    stats = env.stats.get("page", "GET")
    runner.quit()
    return {
        "requests": stats.num_requests,
        "failures": stats.num_failures,
        "rps": stats.num_requests / elapsed,
        "p50": stats.get_response_time_percentile(0.5),
        "p99": stats.get_response_time_percentile(0.99),
        "bytes": stats.avg_content_length,
    }


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if "model name" in line), "?")
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return f"{os.cpu_count()} × {cpu}, {memory / 1024 / 1024:.0f} GiB, Python {platform.python_version()}"


def print_table(results):
    print("| what | requests/s | p50 ms | p99 ms | requests | failures | one at a time, median ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, r in results:
        print(
            f"| {label} | {r['rps']:,.0f} | {r['p50']:.0f} | {r['p99']:.0f} | {r['requests']:,} | {r['failures']} "
            f"| {r['alone']:.1f} |"
        )


def measure(phases, args):
    results = []
    for label, host, path, cookie in phases:
        alone = alone_ms(host + path, cookie)
        result = run_phase(host, user_class(path, session=cookie), args.users, args.seconds)
        results.append((label, {**result, "alone": alone}))
    return results


def interleaved(server, paths, args, slices=5):
    """Each path's rate over --seconds, measured in short slices taken in turn.

    The other load on a shared machine comes and goes within seconds; alternating
    the paths every --seconds/slices seconds makes both see the same share of it.
    """
    totals = {path: {"requests": 0, "failures": 0, "seconds": 0.0, "p99": 0.0} for path in paths}
    for _ in range(slices):
        for path in paths:
            result = run_phase(server.url, user_class(path), args.users, args.seconds / slices, warm_up=0.5)
            total = totals[path]
            total["requests"] += result["requests"]
            total["failures"] += result["failures"]
            total["seconds"] += result["requests"] / result["rps"] if result["rps"] else 0
            total["p99"] = max(total["p99"], result["p99"] or 0)
    return [{**t, "rps": t["requests"] / t["seconds"] if t["seconds"] else 0} for t in totals.values()]


def ceiling_rounds(env, slug, args):
    """The static file and the cached verdict page, interleaved, --rounds times on one server."""
    server = Server(env)
    try:
        ceiling_url, verdict_url = "/static/" + CEILING, f"/verdicts/{slug}/"
        server.get(ceiling_url)
        server.get(verdict_url)
        rounds = []
        for number in range(1, args.rounds + 1):
            static, cached = interleaved(server, [ceiling_url, verdict_url], args)
            rounds.append((number, static, cached))
    finally:
        server.stop()
    print("| round | static file req/s | cached verdict page req/s | ratio | static p99 ms | verdict p99 ms |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for number, static, cached in rounds:
        print(
            f"| {number} | {static['rps']:,.0f} | {cached['rps']:,.0f} | {cached['rps'] / static['rps']:.2f} "
            f"| {static['p99']:.0f} | {cached['p99']:.0f} |"
        )
    total_static = sum(r[1]["rps"] for r in rounds)
    total_cached = sum(r[2]["rps"] for r in rounds)
    print(f"\nAll rounds: cached verdict page at {total_cached / total_static:.2f} of the static file (aim: 0.95).")


def redis_down(env, slug, args):
    """The public pages while the cache is down: REDIS_URL at a port where nothing listens."""
    piece = manage(
        env,
        "shell",
        "-v0",
        "-c",
        f"from claims.models import Claim; print(Claim.objects.get(slug='{slug}').piece.slug)",
        capture=True,
    ).strip()
    paths = [
        ("verdict page", f"/verdicts/{slug}/"),
        ("home page", "/"),
        ("piece page", f"/pieces/{piece}/"),
        ("search", "/search/?q=million"),
        ("RSS feed", "/feeds/verdicts/"),
        ("ClaimReview DataFeed", "/feeds/claimreview.json"),
        ("sitemap", "/sitemap.xml"),
        ("methodology", "/methodology/"),
    ]
    results = {}
    for label, redis_url in (("Redis up", env["REDIS_URL"]), ("Redis stopped", f"redis://127.0.0.1:{free_port()}/0")):
        if not redis_url:
            continue
        server = Server({**env, "REDIS_URL": redis_url})
        try:
            results[label] = measure([(name, server.url, path, None) for name, path in paths], args)
        finally:
            server.stop()
    for label, rows in results.items():
        print(f"\n{label}:\n")
        print_table(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5")
    parser.add_argument("--claims", type=int, default=1000, help="claims to generate when the database has fewer")
    parser.add_argument("--users", type=int, default=16, help="concurrent users in each phase")
    parser.add_argument("--seconds", type=int, default=15, help="measured seconds of each phase")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--scenario", choices=["pages", "ceiling", "redis-down"], default="pages")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the ceiling scenario")
    parser.add_argument("--defaults", action="store_true", help="no tuning variables: the shipped defaults")
    args = parser.parse_args()
    if not 1 <= args.seconds <= 300 or not 1 <= args.users <= 200:
        raise SystemExit("--seconds must be 1-300 and --users 1-200: the benchmark stays bounded")

    load_before = " ".join(open("/proc/loadavg").read().split()[:3])
    with tempfile.TemporaryDirectory(prefix="factcheck-load-") as folder:
        env = prepare(args, Path(folder))
        slug = env["BENCH_SLUG"]
        probe = Server(env)
        size = len(probe.get(f"/verdicts/{slug}/"))
        probe.stop()
        write_ceiling(env, size)
        if args.scenario != "pages":
            print(f"Machine: {machine()}; load average before: {load_before}")
            print(f"Settings: {'defaults' if args.defaults else 'tuned'}; locust {args.users} users, {args.seconds} s")
            try:
                (ceiling_rounds if args.scenario == "ceiling" else redis_down)(env, slug, args)
            finally:
                forget_cache(env)
            return
        cached = Server(env)
        # A page cache that keeps nothing, under its own prefix so it never reads the other server's pages.
        uncached = Server(env, FACTCHECK_CACHE_SECONDS="0", CACHE_KEY_PREFIX=env["CACHE_KEY_PREFIX"] + "-uncached")
        try:
            ceiling_url = "/static/" + CEILING
            cached.get(ceiling_url)
            session = log_in(cached, *CHECKER)
            phases = [
                ("static file (ceiling)", cached.url, ceiling_url, None),
                ("cached verdict page", cached.url, f"/verdicts/{slug}/", None),
                ("uncached verdict page", uncached.url, f"/verdicts/{slug}/", None),
                ("home page (anonymous, cached)", cached.url, "/", None),
                ("desk queue (fact-checker)", cached.url, "/desk/", session),
            ]
            results = measure(phases, args)
        finally:
            cached.stop()
            uncached.stop()
            forget_cache(env)

    vendor = "PostgreSQL" if (args.database_url or "").startswith("postgres") else "SQLite"
    print(f"Machine: {machine()}")
    print(
        f"Servers: gunicorn, {args.workers} workers × {args.threads} threads, {vendor}, "
        f"cache: {'Redis' if env['REDIS_URL'] else 'in-process'}; load: locust, {args.users} users, "
        f"{args.seconds} s a phase, same machine"
    )
    print(f"Verdict page: {size:,} bytes\n")
    print(f"Load average before the run: {load_before}\n")
    print_table(results)
    ceiling, cached_page = results[0][1]["rps"], results[1][1]["rps"]
    print(f"\nCached verdict page: {cached_page / ceiling:.0%} of the static file's throughput (aim: 80% or more).")


if __name__ == "__main__":
    main()
