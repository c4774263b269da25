namespace PiController.Hub.Cli;

/// <summary>
/// The shell scripts <c>pi-controller completion</c> prints. Each hands the words up to the cursor to
/// <c>pi-controller __complete</c> and offers what it prints, one candidate a line; they know nothing of the
/// command tree themselves, so they never go stale.
/// </summary>
internal static class CompletionScripts
{
    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        _ => throw new CliException($"no completion for \"{shell}\"; use bash, zsh or fish"),
    };

    private const string Bash = """
        # bash completion for pi-controller. Load it in this shell:   source <(pi-controller completion bash)
        # or for every shell:   pi-controller completion bash > /etc/bash_completion.d/pi-controller
        _pi_controller() {
            local cur=${COMP_WORDS[COMP_CWORD]}
            local IFS=$'\n'
            local candidates
            candidates=$("${COMP_WORDS[0]}" __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
            COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
        }
        complete -o default -F _pi_controller pi-controller

        """;

    private const string Zsh = """
        #compdef pi-controller
        # zsh completion for pi-controller. Load it in this shell:   source <(pi-controller completion zsh)
        # or put it in a directory of $fpath as _pi-controller.
        _pi_controller() {
            local -a candidates
            candidates=("${(@f)$("${words[1]}" __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
            candidates=(${candidates:#})
            (( ${#candidates} )) && compadd -Q -- "${candidates[@]}"
        }
        if [ "$funcstack[1]" = "_pi_controller" ]; then
            _pi_controller "$@"
        else
            compdef _pi_controller pi-controller
        fi

        """;

    private const string Fish = """
        # fish completion for pi-controller. Load it in this shell:   pi-controller completion fish | source
        # or for every shell:   pi-controller completion fish > ~/.config/fish/completions/pi-controller.fish
        function __pi_controller_complete
            set -l words (commandline -opc)
            set -e words[1]
            pi-controller __complete $words (commandline -ct) 2>/dev/null
        end
        complete -c pi-controller -f -a '(__pi_controller_complete)'

        """;
}
