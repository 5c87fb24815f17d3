"""Tasks take the state of their latest material, as materials.services now keeps them."""

from django.db import migrations

EVIDENCE = {
    "submitted": "submitted",
    "resubmitted": "submitted",
    "returned": "returned",
    "approved": "approved",
}


def forwards(apps, schema_editor):
    Submission = apps.get_model("materials", "Submission")
    Task = apps.get_model("framework", "Task")
    latest = {}
    for task_id, status, grade in (
        Submission.objects.exclude(status="draft")
        .order_by("updated", "pk")
        .values_list("task_id", "status", "grade")
    ):
        latest[task_id] = (EVIDENCE.get(status, ""), grade)
    for task_id, (evidence, grade) in latest.items():
        if not evidence:
            continue
        task = Task.objects.get(pk=task_id)
        task.evidence = evidence
        task.evidence_grade = grade if evidence == "approved" else ""
        if evidence == "approved":
            task.progress, task.status = 100, "done"
        elif task.status == "pending":
            task.status = "in_progress"
        task.save(update_fields=["evidence", "evidence_grade", "progress", "status"])


class Migration(migrations.Migration):
    dependencies = [
        ("materials", "0002_protect_submission_events"),
        ("framework", "0004_task_evidence"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
