package untorn.pageserver.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import untorn.core.io.StorageException;
import untorn.core.page.Page;
import untorn.core.types.Lsn;
import untorn.pageserver.PageserverException;
import untorn.pageserver.image.ImageTask;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.value.LsnRange;
import untorn.pageserver.value.Value;
import untorn.pageserver.value.Version;

/**
 * ImageWorker is one shard's image worker run: it takes a batch of tasks from the scheduler,
 * reconstructs each page at its latest LSN (or at the GC cutoff if that is higher: the page did
 * not change in between), writes the images as one level-0 image layer, publishes it, and reports
 * back. One batch per run, then the worker reschedules itself: shards and other work interleave.
 */
final class ImageWorker {
  private ImageWorker() {}

  static void run(Timeline t, int shard) {
    synchronized (t.shardLock(shard)) {
      List<ImageTask> tasks;
      synchronized (t.scheduler) {
        tasks = t.scheduler.take(shard, t.config.imageBatch());
      }
      if (!tasks.isEmpty()) {
        materialize(t, shard, tasks);
      }
    }
    t.scheduleImageWork();
    t.scheduleMaintenance();
  }

  private static void materialize(Timeline t, int shard, List<ImageTask> tasks) {
    List<Version> images = new ArrayList<>();
    List<ImageTask> done = new ArrayList<>();
    List<ImageTask> failed = new ArrayList<>();
    for (ImageTask task : tasks) {
      Lsn at = Lsn.max(task.lsn(), t.gcCutoff());
      try {
        Page page = t.readInternal(task.key(), at);
        images.add(new Version(task.key(), at, Value.Image.of(page)));
        done.add(task);
      } catch (PageserverException e) {
        failed.add(task);
      }
    }
    if (!images.isEmpty() && !publish(t, images)) {
      failed.addAll(done);
      done.clear();
    }
    synchronized (t.scheduler) {
      done.forEach(t.scheduler::installed);
      failed.forEach(t.scheduler::failed);
    }
    t.metrics.recordImages(shard, done.size(), (long) done.size() * (4 + untorn.core.Limits.PAGE_SIZE_BYTES));
  }

  private static boolean publish(Timeline t, List<Version> images) {
    images.sort(Comparator.comparing(Version::key).thenComparing(Version::lsn));
    Lsn min = images.stream().map(Version::lsn).min(Lsn::compareTo).orElseThrow();
    Lsn max = images.stream().map(Version::lsn).max(Lsn::compareTo).orElseThrow();
    try {
      PersistentLayer layer = t.store.writeAll(LayerKind.IMAGE, 0, new LsnRange(min, max.plus(1)), images);
      t.layers.replaceHistoric(List.of(), List.of(layer));
      return true;
    } catch (StorageException e) {
      t.onStorageFailure("writing images", e);
      return false;
    } catch (PageserverException e) {
      return false;
    }
  }
}
