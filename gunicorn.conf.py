"""How gunicorn serves the archive: read from the working directory (the Dockerfile's, the
benchmark's) unless a flag says otherwise. The address is given where it is started."""

# Making a page is Python work, and the threads of one process take turns at it (the GIL):
# one thread a process, and two processes a core, so that one runs while another waits on
# PostgreSQL. On 2 cores, actor pages made afresh came 8–13 % faster than with 2 workers ×
# 4 threads or 4 × 2; article and search pages alike (bench/RESULTS.md, tenth session).
# The price: four requests at a time, so four long exports at once hold every worker.
workers = 4
threads = 1
# gthread, not the sync worker that one thread would otherwise mean: its main loop tells the
# master it is alive while the thread serves, so a long streamed export is not killed as a
# hung worker after `timeout`, and a client that connects and sends nothing is set aside.
worker_class = "gthread"
# A worker accepts no more connections than its threads can serve at once: with gthread's
# default (1,000), a worker busy with a long export went on accepting, and what it accepted
# waited behind the export while other workers were free. Now the rest wait in the listening
# socket's queue for whichever worker is free first (bench/RESULTS.md, "Beside a slow request").
worker_connections = threads
# No keep-alive: a kept-alive connection counts as one of the worker's connections, so an idle
# client would keep its worker from accepting anyone else for as long. (The TLS proxy in front
# keeps its own connections with clients.)
keepalive = 0
# A line a request, to standard output.
accesslog = "-"
