//! Files in parallel: `upgrade` hands each file to [`run_parallel`], which keeps the order of
//! the results and turns a panic on one file into that file's error, never a lost result.

/// Run `f` over the items, in parallel when there are many; results keep the items' order. A
/// panic while handling one item becomes `on_panic(item, message)` for that item alone (the
/// other items go on), never a lost result.
pub fn run_parallel<I: Sync, T: Send>(
    items: &[I],
    sequential: bool,
    f: impl Fn(&I) -> T + Sync,
    on_panic: impl Fn(&I, String) -> T + Sync,
) -> Vec<T> {
    let one = |item: &I| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item)))
            .unwrap_or_else(|p| on_panic(item, panic_message(p.as_ref())))
    };
    // (Asked only when there are many: on Linux the answer costs a dozen system calls.)
    let threads = || {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8)
    };
    if sequential || items.len() < 8 {
        return items.iter().map(one).collect();
    }
    let threads = threads();
    if threads < 2 {
        return items.iter().map(one).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| {
                // The main thread's usual stack, not the 2 MiB of a spawned thread: the depth
                // bounds of `syntax::depth` were measured on it.
                let worker = std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(s, || c.iter().map(one).collect::<Vec<T>>());
                (c, worker)
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(c, h)| {
                // No thread (out of memory): the chunk runs here.
                let Ok(h) = h else {
                    return c.iter().map(one).collect();
                };
                // `one` catches every panic of `f`; a thread can only fail in `on_panic` itself.
                h.join().unwrap_or_else(|p| {
                    let message = panic_message(p.as_ref());
                    c.iter().map(|i| on_panic(i, message.clone())).collect()
                })
            })
            .collect()
    })
}

/// The stack of a worker thread: 8 MiB, as Linux gives the main thread.
const WORKER_STACK: usize = 8 << 20;

/// The message a panic was raised with.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}
#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15: a panic in one chunk of `run_parallel` once dropped that chunk's files from the
    /// report (`join().unwrap_or_default()`). Every item now has a result, in order, and only
    /// the item that panicked carries the panic.
    #[test]
    fn run_parallel_keeps_every_item_when_one_panics() {
        let items: Vec<String> = (0..40).map(|i| format!("f{i}")).collect();
        let results = run_parallel(
            &items,
            false,
            |p| {
                assert!(p != "f13", "boom on {p}");
                format!("ok {p}")
            },
            |p, message| format!("panic {p}: {message}"),
        );
        assert_eq!(results.len(), items.len());
        for (i, r) in results.iter().enumerate() {
            if i == 13 {
                assert_eq!(r, "panic f13: boom on f13");
            } else {
                assert_eq!(r, &format!("ok f{i}"));
            }
        }
    }

    #[test]
    fn run_parallel_keeps_order_with_few_items() {
        let items = ["a", "b", "c"];
        let results = run_parallel(&items, true, |p| p.to_uppercase(), |_, m| m);
        assert_eq!(results, ["A", "B", "C"]);
    }
}
