import rules

from accounts.permissions import is_staff_member


@rules.predicate
def is_job_requester(user, job) -> bool:
    return job is not None and job.requested_by_id == user.pk


rules.add_perm("core.view_job", is_job_requester | is_staff_member)
rules.add_perm("core.retry_job", is_job_requester | is_staff_member)
