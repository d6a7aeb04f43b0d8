package untorn.core.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class LsnProperties {
  @Property
  void printsAndParsesBack(@ForAll long value) {
    Lsn lsn = Lsn.of(value);
    assertThat(Lsn.parse(lsn.toString())).isEqualTo(lsn);
  }

  @Property
  void ordersAsUnsigned(@ForAll long a, @ForAll long b) {
    assertThat(Integer.signum(Lsn.of(a).compareTo(Lsn.of(b)))).isEqualTo(Integer.signum(Long.compareUnsigned(a, b)));
  }

  @Example
  void printsThePostgresWay() {
    assertThat(Lsn.of(0x16B3748L).toString()).isEqualTo("0/16B3748");
    assertThat(Lsn.of(0x1_0000_0000L).toString()).isEqualTo("1/0");
    assertThat(Lsn.parse("0/16B3748").value()).isEqualTo(0x16B3748L);
    assertThat(Lsn.parse("FFFFFFFF/FFFFFFFF")).isEqualTo(Lsn.MAX);
  }

  @Example
  void rejectsMalformedText() {
    for (String bad : new String[] {"", "/", "0/", "/0", "1/2/3", "x/1", "123456789/0", "0x1/0", "-1/0"}) {
      assertThatThrownBy(() -> Lsn.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Example
  void arithmeticNeverWrapsSilently() {
    assertThatThrownBy(() -> Lsn.MAX.plus(1)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Lsn.ZERO.minus(Lsn.of(1))).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Lsn.ZERO.plus(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Lsn.of(10).plus(5).minus(Lsn.of(3))).isEqualTo(12);
  }
}
