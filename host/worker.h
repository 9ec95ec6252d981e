// SPDX-License-Identifier: ISC
/// The LV2 worker's two rings (lv2:worker, as jalv's worker.c): requests from the process
/// thread to the main thread, responses back. Each message (its target, its plugin serial and
/// its payload) is written in one all-or-nothing transaction, so a reader never sees a header
/// without its payload, and its size is checked against the reader's buffer on read (a
/// message that does not fit is consumed and dropped). No lilv here: host/plugin.c binds it.

#ifndef HOST_WORKER_H
#define HOST_WORKER_H

#include "rt.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

#define HOST_WORK_MAX      4096 ///< bytes: the largest worker payload
#define HOST_WORK_TAKE_MAX 256  ///< messages taken per call at most (the rest wait)

typedef struct HostWorkerImpl HostWorker;

/// One message taken from a ring: `data` is valid during the call only.
typedef void (*HostWorkFn)(void* ctx, uint64_t serial, void* target, uint32_t size,
                           const void* data);

/// Two rings of ring_bytes each. @return NULL on allocation failure
HostWorker*
host_worker_new(size_t ring_bytes);

/// Frees both rings; NULL is a no-op.
void
host_worker_free(HostWorker* w);

/// Process thread: queues a request for `target` (a plugin, with its serial).
/// @return JAM_ERR_BAD_ARGUMENT when size > HOST_WORK_MAX, JAM_ERR_FULL when the ring is full
JAM_REALTIME JamStatus
host_worker_request(HostWorker* w, uint64_t serial, void* target, uint32_t size, const void* data);

/// Main thread: calls fn for each request waiting (at most HOST_WORK_TAKE_MAX). @return the
/// requests taken
int
host_worker_take_requests(HostWorker* w, HostWorkFn fn, void* ctx);

/// Main thread (inside a request's work): queues a response for the plugin `serial`.
/// @return as host_worker_request
JamStatus
host_worker_respond(HostWorker* w, uint64_t serial, uint32_t size, const void* data);

/// Process thread: calls fn (target NULL) for each response waiting (at most HOST_WORK_TAKE_MAX).
/// @return the responses taken
JAM_REALTIME int
host_worker_take_responses(HostWorker* w, HostWorkFn fn, void* ctx);

/// Messages dropped on read because they did not fit (a corrupt size); 0 in a healthy host.
uint32_t
host_worker_dropped(const HostWorker* w);

#endif // HOST_WORKER_H
