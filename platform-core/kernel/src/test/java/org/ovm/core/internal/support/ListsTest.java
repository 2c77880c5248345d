package org.ovm.core.internal.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.PageRequest;
import org.ovm.core.internal.inventory.UserEntity;

/** The list query building: search escaping, the sort whitelist, and both on a real database. */
class ListsTest {

    private static final Lists.Spec SPEC = new Lists.Spec(Map.of("role", "role"), List.of("username"),
            Map.of("name", "username", "createdAt", "createdAt"), "username");

    private InventoryDb db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void escapesLikeMetacharacters() {
        assertThat(Lists.escape("50%_off!")).isEqualTo("50!%!_off!!");
        assertThat(Lists.contains("VM_1")).isEqualTo("%vm!_1%");
    }

    @Test
    void aSearchIsAParameterNeverPartOfTheQuery() {
        Lists.Query query = Lists.query(SPEC, new Filters(Map.of(), "x' OR 1=1 --"), List.of(), null, (a, v) -> v);

        assertThat(query.where()).isEqualTo(" WHERE (LOWER(e.username) LIKE ?1 ESCAPE '!')");
        assertThat(query.params()).containsExactly("%x' or 1=1 --%");
    }

    @Test
    void filtersSearchAndFixedConditionsNumberTheirParametersInOrder() {
        Lists.Query query = Lists.query(SPEC, new Filters(Map.of("role", "user"), "vm"),
                List.of(new Lists.Condition("vdcId", "v1"), new Lists.Like("tags", "%,web,%")), null, (a, v) -> v);

        assertThat(query.where()).isEqualTo(" WHERE e.role = ?1 AND (LOWER(e.username) LIKE ?2 ESCAPE '!')"
                + " AND (e.vdcId = ?3) AND e.tags LIKE ?4 ESCAPE '!'");
        assertThat(query.params()).containsExactly("user", "%vm%", "v1", "%,web,%");
    }

    @Test
    void sortsByWhitelistedFieldsOnlyWithTheIdBreakingTies() {
        assertThat(Lists.orderBy(SPEC, null)).isEqualTo("e.username");
        assertThat(Lists.orderBy(SPEC, "name")).isEqualTo("e.username, e.id");
        assertThat(Lists.orderBy(SPEC, "-createdAt")).isEqualTo("e.createdAt DESC, e.id DESC");
        assertThatThrownBy(() -> Lists.orderBy(SPEC, "-passwordHash")).isInstanceOf(OvmException.class)
                .hasMessageContaining("'passwordHash'").hasMessageContaining("createdAt, name")
                .satisfies(e -> assertThat(((OvmException) e).field()).isEqualTo("sort"));
    }

    @Test
    void anUnknownFilterNamesItAndAListWithoutSearchRefusesQ() {
        assertThatThrownBy(() -> Lists.query(SPEC, new Filters(Map.of("colour", "red")), List.of(), null,
                (a, v) -> v)).isInstanceOf(OvmException.class).hasMessageContaining("colour");
        Lists.Spec unsearchable = new Lists.Spec(Map.of(), List.of(), Map.of(), "id");
        assertThatThrownBy(() -> Lists.query(unsearchable, new Filters(Map.of(), "x"), List.of(), null, (a, v) -> v))
                .isInstanceOf(OvmException.class).satisfies(e -> assertThat(((OvmException) e).field()).isEqualTo("q"));
    }

    @Test
    void searchIsCaseInsensitiveAndTakesMetacharactersLiterally() {
        db = new InventoryDb();
        long t = 1_000;
        for (String name : List.of("vm1", "VM2", "web", "a%b", "axxb", "a_b", "a!b")) {
            user(name, t++);
        }

        assertThat(names(new Filters(Map.of(), "vm"), null)).containsExactly("VM2", "vm1");
        assertThat(names(new Filters(Map.of(), "%"), null)).containsExactly("a%b");
        assertThat(names(new Filters(Map.of(), "a_"), null)).containsExactly("a_b");
        assertThat(names(new Filters(Map.of(), "!"), null)).containsExactly("a!b");
        assertThat(names(Filters.NONE, "-createdAt")).startsWith("a!b", "a_b", "axxb");
        assertThat(names(Filters.NONE, "createdAt")).startsWith("vm1", "VM2", "web");
        assertThat(names(Filters.NONE, "-name")).startsWith("web", "vm1", "axxb");
    }

    @Test
    void inMemoryListsSearchAndSortAlike() {
        List<String> items = List.of("vm1", "Web", "VM2");
        Map<String, Comparator<String>> sortable = Map.of("name", Comparator.naturalOrder());

        assertThat(Lists.searchAndSort(items, "vm", s -> s, sortable, Comparator.naturalOrder(), "-name"))
                .containsExactly("vm1", "VM2");
        assertThatThrownBy(() -> Lists.searchAndSort(items, null, s -> s, sortable, Comparator.naturalOrder(),
                "size")).isInstanceOf(OvmException.class).hasMessageContaining("'size'");
    }

    private List<String> names(Filters filters, String sort) {
        return db.tx().call(em -> Lists.page(em, UserEntity.class, SPEC, filters, List.of(),
                new PageRequest(100, 0, sort), UserEntity::getUsername, null)).items();
    }

    private void user(String name, long createdAt) {
        db.tx().run(em -> {
            UserEntity user = new UserEntity();
            user.setId("id-" + createdAt);
            user.setUsername(name);
            user.setPasswordHash("x");
            user.setRole("user");
            user.setCreatedAt(createdAt);
            em.persist(user);
        });
    }
}
