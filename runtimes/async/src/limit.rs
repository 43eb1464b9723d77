//! At most `TransportConfig::max_connections` connections in use at once, as httpx caps
//! Python's client (1,000): a request beyond the limit waits, inside its own future (no
//! task is spawned), until a connection is released, for as long as its deadline
//! allows. A connection counts from before it is taken from the pool or opened until
//! its response is done with (back in the pool, or closed); idle pooled connections do
//! not count, and are bounded by `max_idle_connections`.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

/// The count of connections that may still be put to use, and who waits for one.
#[derive(Debug)]
pub(crate) struct ConnectionLimit {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    free: usize,
    /// Everyone waiting is woken at each release; one takes it, the others wait again.
    waiting: Vec<Waker>,
}

impl ConnectionLimit {
    pub(crate) fn new(max: usize) -> Arc<Self> {
        Arc::new(ConnectionLimit {
            state: Mutex::new(State {
                free: max.max(1),
                waiting: Vec::new(),
            }),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for a free connection.
    pub(crate) fn acquire(self: &Arc<Self>) -> Acquire {
        Acquire {
            limit: Some(Arc::clone(self)),
        }
    }
}

/// A connection in use; dropping it frees one.
#[derive(Debug)]
pub(crate) struct Permit {
    limit: Arc<ConnectionLimit>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let waiting = {
            let mut state = self.limit.state();
            state.free += 1;
            std::mem::take(&mut state.waiting)
        };
        for waker in waiting {
            waker.wake();
        }
    }
}

/// The future of [`ConnectionLimit::acquire`].
#[derive(Debug)]
pub(crate) struct Acquire {
    limit: Option<Arc<ConnectionLimit>>,
}

impl Future for Acquire {
    type Output = Permit;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Permit> {
        let limit = self.limit.as_ref().expect("polled after completion");
        {
            let mut state = limit.state();
            if state.free == 0 {
                if !state.waiting.iter().any(|w| w.will_wake(cx.waker())) {
                    state.waiting.push(cx.waker().clone());
                }
                return Poll::Pending;
            }
            state.free -= 1;
        }
        let limit = self.limit.take().expect("checked above");
        Poll::Ready(Permit { limit })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Wake;

    struct Count(std::sync::atomic::AtomicUsize);
    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    #[test]
    fn a_request_beyond_the_limit_waits_for_a_release() {
        let limit = ConnectionLimit::new(1);
        let woken = Arc::new(Count(Default::default()));
        let waker = Waker::from(Arc::clone(&woken));
        let mut cx = Context::from_waker(&waker);
        let Poll::Ready(first) = Pin::new(&mut limit.acquire()).poll(&mut cx) else {
            panic!("one is free");
        };
        let mut second = limit.acquire();
        assert!(Pin::new(&mut second).poll(&mut cx).is_pending());
        assert!(Pin::new(&mut second).poll(&mut cx).is_pending());
        assert_eq!(limit.state().waiting.len(), 1, "one waker per waiter");
        drop(first);
        assert_eq!(woken.0.load(std::sync::atomic::Ordering::SeqCst), 1);
        let Poll::Ready(held) = Pin::new(&mut second).poll(&mut cx) else {
            panic!("the released one");
        };
        assert_eq!(limit.state().free, 0);
        drop(held);
        assert_eq!(limit.state().free, 1);
    }
}
