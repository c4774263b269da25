namespace PiController.EndToEnd.Tests.Readme;

/// <summary>The README walk-through's reading and comparison, without a hub: what may vary, and what may not.</summary>
public sealed class TutorialOutputTests
{
    private readonly TutorialOutput _output = new("/tmp/pi-e2e/hub-1234", "buildhost");

    [Fact]
    public void Node_ids_times_durations_and_measurements_may_differ_but_words_may_not()
    {
        Assert.True(_output.LineMatches(
            "sim-0a1b2c3d4e5f  devbox  connected 2m  1s ago  3.0GiB/23.5GiB",
            "sim-3d1219c7c4c5    buildhost  connected 22s  4s ago  2.9GiB/23.5GiB"));
        Assert.True(_output.LineMatches("    17  2026-01-01T00:00:00.000Z  pwm.changed", "     9  2026-12-06T20:28:03.007Z  pwm.changed"));
        Assert.False(_output.LineMatches("GPIO27 (pin 13): high  (input)", "GPIO27 (pin 13): low  (input)"));
        Assert.False(_output.LineMatches("GPIOPin/porch-light created", "GPIOPin/porch-light configured"));
    }

    [Fact]
    public void Three_dots_stand_for_any_text_in_a_line_and_for_any_lines_alone()
    {
        Assert.True(_output.LineMatches("NODE ID ... MODEL ...", "NODE ID           HOSTNAME  MODEL   ARCH"));
        Assert.True(_output.LineMatches("NODE ID ... MODEL", "NODE ID  MODEL"));
        Assert.False(_output.LineMatches("NODE ID ... MODEL", "NODE ID  ARCH"));
        Assert.True(_output.Matches(["first", "...", "last"], ["first", "a", "b", "last"]));
        Assert.False(_output.Matches(["first", "last"], ["first", "a", "last"]));
    }

    [Fact]
    public void A_rewrite_shows_identities_as_the_examples_and_keeps_lines_that_still_match()
    {
        var actual = _output.Lines("pic_231a4dc27d1f_VLBrx42BXH3sKHf4fRr_X1u2uBPPngW2\nsim-3d1219c7c4c5 on https://127.0.0.1:40123 from /tmp/pi-e2e/hub-1234\n\n");

        Assert.Equal(["pic_5e1f0c2d3a4b_ShownOnceKeepItSomewhereSafe0", "sim-0a1b2c3d4e5f on https://127.0.0.1:8443 from .run/hub"], actual);
        Assert.Equal(["NAME ... STATUS", "porch-light  Pending"], _output.Merge(["NAME ... STATUS", "porch-light  Applied"], ["NAME  NODE  STATUS", "porch-light  Pending"]));
    }

    [Fact]
    public void Commands_are_the_lines_after_a_prompt_in_console_blocks_only()
    {
        var tutorial = ReadmeTutorial.Parse("text\n```sh\nscripts/run\n```\n```console\n$ NODE=sim-0a1b2c3d4e5f\n$ scripts/pi-controller gpio read $NODE 27\nGPIO27 (pin 13): high\n```\n");

        Assert.Equal(["NODE=sim-0a1b2c3d4e5f", "scripts/pi-controller gpio read $NODE 27"], tutorial.Steps.Select(s => s.Command));
        Assert.Equal(["GPIO27 (pin 13): high"], tutorial.Steps[1].Expected);
        Assert.Equal("text\n```sh\nscripts/run\n```\n```console\n$ NODE=sim-0a1b2c3d4e5f\n$ scripts/pi-controller gpio read $NODE 27\nGPIO27 (pin 13): low\n```\n",
            tutorial.Rewrite(new Dictionary<TutorialStep, IReadOnlyList<string>> { [tutorial.Steps[1]] = ["GPIO27 (pin 13): low"] }));
        Assert.Equal("scripts/pi-controller gpio read sim-3d1219c7c4c5 27", TutorialOutput.ForThisRun("scripts/pi-controller gpio read sim-0a1b2c3d4e5f 27", "sim-3d1219c7c4c5"));
    }
}
