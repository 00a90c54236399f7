"""Who may use the registers (imported in ``EntitiesConfig.ready``). Fetching, comparing and accepting data, the
tasks and the names of board members are for ROPS staff; the public self-registration form may ask for its own
fill-in (rate-limited per address, non-personal data only: ``views.registry_public_fill``)."""

import rules

from accounts.permissions import is_staff_member

rules.add_perm("entities.use_registers", is_staff_member)
rules.add_perm("entities.view_registry_tasks", is_staff_member)
rules.add_perm("entities.view_registry_persons", is_staff_member)
