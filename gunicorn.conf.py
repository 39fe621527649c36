"""How gunicorn serves the archive: read from the working directory (the Dockerfile's, the
benchmark's) unless a flag says otherwise. The address is given where it is started."""

# Making a page is Python work, and the threads of one process take turns at it (the GIL):
# one thread a process, and two processes a core, so that one runs while another waits on
# PostgreSQL. On 2 cores, actor pages made afresh came 8–13 % faster than with 2 workers ×
# 4 threads or 4 × 2; article and search pages alike (bench/RESULTS.md, tenth session).
# The price: four requests at a time, so four long exports at once hold every worker.
workers = 4
threads = 1
# gthread, not the sync worker that one thread would otherwise mean: it keeps a client's
# connection open between requests.
worker_class = "gthread"
# A line a request, to standard output.
accesslog = "-"
