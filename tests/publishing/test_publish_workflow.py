"""The GitHub Pages workflow, read offline: triggers, permissions and the official actions."""
from __future__ import annotations

import yaml

from support.site import PROJECT

WORKFLOW = PROJECT / ".github" / "workflows" / "pages.yml"
# The oldest major version of each official action the workflow may use: the majors current in
# 2026, all on the Node 24 runtime (older majors run on Node 20, which runners no longer support).
MINIMUM_MAJORS = {"actions/checkout": 7, "actions/setup-python": 7, "actions/configure-pages": 6,
                  "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5}


def load() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: dict) -> list[dict]:
    return job["steps"]


def uses(job: dict, action: str) -> dict:
    found = [s for s in steps(job) if str(s.get("uses", "")).split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}"
    assert "@v" in found[0]["uses"], f"{action} must be pinned to a major version"
    major = int(found[0]["uses"].split("@v")[1].split(".")[0])
    assert major >= MINIMUM_MAJORS[action], f"{action}@v{major} is older than the current major"
    return found[0]


def test_triggers_and_permissions() -> None:
    data = load()
    assert data["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in data["on"]
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_build_job_uses_publishconf_with_the_pages_base_url() -> None:
    build = load()["jobs"]["build"]
    checkout = uses(build, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0, "dates come from git log: the full history is needed"
    assert str(uses(build, "actions/setup-python")["with"]["python-version"]) == "3.11"
    configure = uses(build, "actions/configure-pages")
    build_step = next(s for s in steps(build) if "make publish" in str(s.get("run", "")))
    assert build_step["env"]["SITEURL"] == "${{ steps.%s.outputs.base_url }}" % configure["id"]
    upload = uses(build, "actions/upload-pages-artifact")
    assert "OUTPUT=output" in build_step["run"] and upload["with"]["path"] == "output"
    order = [s.get("uses", s.get("run", "")).split("@")[0] for s in steps(build)]
    assert order.index("actions/configure-pages") < order.index(build_step["run"]) < order.index(
        "actions/upload-pages-artifact")


def test_make_publish_is_the_pinned_local_build() -> None:
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    publish = makefile.split("\npublish:", 1)[1].split("\n\n", 1)[0]
    assert "requirements.txt" in makefile and "runtime-installed" in publish
    assert "tools/build.py --settings publishconf.py" in publish
    assert "pagefind-bin==" in (PROJECT / "requirements.txt").read_text(encoding="utf-8")


def test_tests_pass_before_anything_is_built_or_deployed() -> None:
    jobs = load()["jobs"]
    test = jobs["test"]
    assert any(str(s.get("run", "")).strip() == "make test" for s in steps(test)), "the test job runs `make test`"
    assert uses(test, "actions/checkout")["with"]["fetch-depth"] == 0
    assert "debian" in str(test.get("container", "")), "tests run on Debian (its chromium drives the browser tests)"
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"


def test_every_action_is_official_and_current() -> None:
    for job in load()["jobs"].values():
        for step in steps(job):
            if "uses" in step:
                action = step["uses"].split("@")[0]
                assert action in MINIMUM_MAJORS, f"{action} is not one of the official actions we expect"
                uses(job, action)


def test_deploy_job_uses_deploy_pages() -> None:
    deploy = load()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    step = uses(deploy, "actions/deploy-pages")
    assert deploy["environment"]["url"] == "${{ steps.%s.outputs.page_url }}" % step["id"]
