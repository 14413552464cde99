package io.pastiche.tiling;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PagePoolTest {

    private final List<Object> freed = new ArrayList<>();

    @Test
    void thePageGivenBackLastIsTheNextTakenBeforeAnyIsMade() {
        try (PagePool<Object> pool = new PagePool<>(freed::add)) {
            Object a = pool.take(Object::new);
            Object b = pool.take(Object::new);
            pool.give(a);
            pool.give(b);
            assertThat(pool.take(Object::new)).isSameAs(b);
            assertThat(pool.take(Object::new)).isSameAs(a);
            assertThat(pool.made()).isEqualTo(2);
            assertThat(pool.lent()).isEqualTo(2);
        }
    }

    @Test
    void refusesAPageNotItsOwn() {
        try (PagePool<Object> pool = new PagePool<>(freed::add)) {
            assertThatThrownBy(() -> pool.give(new Object())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void freesTheGivenPagesAtCloseAndALentOneWhenItComesBack() {
        PagePool<Object> pool = new PagePool<>(freed::add);
        Object given = pool.take(Object::new);
        Object lent = pool.take(Object::new);
        pool.give(given);
        pool.close();
        assertThat(freed).containsExactly(given);
        pool.give(lent);
        assertThat(freed).containsExactly(given, lent);
        assertThatThrownBy(() -> pool.take(Object::new)).isInstanceOf(IllegalStateException.class);
    }
}
