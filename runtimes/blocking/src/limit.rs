//! At most `TransportConfig::max_connections` connections in use at once, as the async
//! clients and Python's httpx cap them: a call beyond the limit waits on its thread until
//! one is released, for as long as the read timeout and its deadline allow. ureq opens
//! the connections; a connection counts from before an attempt is sent until its
//! response body is read to the end or dropped, which is when ureq pools or closes it.

use std::io::Read;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use anthropic_core::{Error, TimeoutError, TimeoutKind};

/// The count of connections that may still be put to use.
#[derive(Debug)]
pub(crate) struct ConnectionLimit {
    free: Mutex<usize>,
    freed: Condvar,
}

impl ConnectionLimit {
    pub(crate) fn new(max: usize) -> Arc<Self> {
        Arc::new(ConnectionLimit {
            free: Mutex::new(max.max(1)),
            freed: Condvar::new(),
        })
    }

    fn free(&self) -> MutexGuard<'_, usize> {
        self.free.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A connection to use, waiting at most `wait` (`None`: as long as it takes).
    pub(crate) fn acquire(self: &Arc<Self>, wait: Option<Duration>) -> Result<Permit, Error> {
        let until = wait.and_then(|w| Instant::now().checked_add(w));
        let mut free = self.free();
        while *free == 0 {
            free = match until {
                None => self.freed.wait(free).unwrap_or_else(|e| e.into_inner()),
                Some(until) => {
                    let left = until.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(TimeoutError::new(TimeoutKind::Pool).into());
                    }
                    self.freed
                        .wait_timeout(free, left)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
            };
        }
        *free -= 1;
        Ok(Permit(Arc::clone(self)))
    }
}

/// A connection in use; dropping it frees one.
#[derive(Debug)]
pub(crate) struct Permit(Arc<ConnectionLimit>);

impl Drop for Permit {
    fn drop(&mut self) {
        *self.0.free() += 1;
        self.0.freed.notify_one();
    }
}

/// A response body that holds its connection's permit until it is dropped.
pub(crate) fn hold(body: ureq::Body, permit: Permit) -> ureq::Body {
    ureq::Body::builder().reader(Held {
        reader: body.into_reader(),
        _permit: permit,
    })
}

struct Held {
    reader: ureq::BodyReader<'static>,
    _permit: Permit,
}

impl Read for Held {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.reader.read(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_beyond_the_limit_waits_for_a_release_or_its_time() {
        let limit = ConnectionLimit::new(1);
        let first = limit.acquire(None).unwrap();
        let err = limit.acquire(Some(Duration::from_millis(20))).unwrap_err();
        assert!(
            matches!(&err, Error::Timeout(t) if t.kind() == TimeoutKind::Pool),
            "{err:?}"
        );
        let waiter = {
            let limit = Arc::clone(&limit);
            std::thread::spawn(move || limit.acquire(Some(Duration::from_secs(10))).map(drop))
        };
        std::thread::sleep(Duration::from_millis(20));
        drop(first);
        waiter.join().unwrap().unwrap();
        assert_eq!(*limit.free(), 1);
    }
}
