"""What the directory tells other parts of the platform.

`imported` is sent once an HSDS import has been committed. An import writes in
bulk, which sends no save signals, so parts that keep copies of directory data
(the help finder's snapshot of public entries) listen to this instead.
"""

from django.dispatch import Signal

imported = Signal()
