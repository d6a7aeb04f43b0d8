package untorn.pageserver.layer;

import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;

/**
 * FileLayer is a layer named by a layer file: its {@link LayerDescriptor} gives its kind, key and
 * LSN ranges and name, whether the file is readable ({@link PersistentLayer}) or fenced ({@link
 * QuarantinedLayer}).
 */
public abstract sealed class FileLayer implements Layer permits PersistentLayer, QuarantinedLayer {
  protected final LayerDescriptor desc;
  protected final String name;

  FileLayer(LayerDescriptor desc) {
    this.desc = desc;
    this.name = desc.fileName();
  }

  public LayerDescriptor descriptor() {
    return desc;
  }

  @Override
  public LayerKind kind() {
    return desc.kind();
  }

  @Override
  public KeyRange keys() {
    return desc.keys();
  }

  @Override
  public LsnRange lsns() {
    return desc.lsns();
  }

  @Override
  public String name() {
    return name;
  }
}
