package io.jenkins.plugins.sbxagent.engine.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may answer a review: a named user or a member of a named group. */
class ReviewRequestTest {
    @Test
    void shouldLetOnlyTheNamedUsersAndGroupsAnswer() {
        ReviewRequest request = new ReviewRequest("id", 1, " alice , security-team ", "Check it");

        assertThat(request.getSubmitter()).isEqualTo("alice , security-team");
        assertThat(request.names("alice", List.of())).isTrue();
        assertThat(request.names("bob", List.of("authenticated", "security-team"))).isTrue();
        assertThat(request.names("bob", List.of("authenticated"))).isFalse();
        assertThat(new ReviewRequest("id", 1, " ", "m").getSubmitter()).as("no list: the host decides").isNull();
        assertThat(request.waitingFor()).isEqualTo("waiting for alice , security-team to approve or reject");
        assertThat(new ReviewRequest("id", 1, null, "m").waitingFor()).isEqualTo("waiting for someone who may cancel this build to approve or reject");
    }

    @Test
    void shouldWaitOnlyForAReviewDecision() {
        assertThat(ReviewRequest.Next.after("pass")).isEqualTo(ReviewRequest.Next.GO_ON);
        assertThat(ReviewRequest.Next.after("unstable")).isEqualTo(ReviewRequest.Next.GO_ON);
        assertThat(ReviewRequest.Next.after("review")).isEqualTo(ReviewRequest.Next.WAIT);
        assertThat(ReviewRequest.Next.after("fail")).isEqualTo(ReviewRequest.Next.FAIL);
        assertThat(ReviewRequest.Next.after(null)).as("a run that decided nothing").isEqualTo(ReviewRequest.Next.FAIL);
    }
}
