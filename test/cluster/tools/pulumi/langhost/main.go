// Command pulumi-language-nodejs is a minimal Node.js language host for the real-cluster tests.
//
// The real host lives in its own module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
// and the Go module proxy serves no version of it, so this one implements the part of the
// LanguageRuntime service that `pulumi preview|up|destroy` of a compiled JavaScript program needs:
// it runs `node <@pulumi/pulumi>/cmd/run <entry point>` with the arguments and the PULUMI_CONFIG
// environment the Node.js SDK reads, and reports the exit as the engine expects. It reports no
// required plugins: the engine then loads each provider when the program first uses it, and finds
// pulumi-resource-<name> on PATH. It also runs a source-based plugin (RunPlugin: a folder with
// PulumiPlugin.yaml, runtime nodejs, such as this repository's component provider) with
// `node <@pulumi/pulumi>/cmd/run-plugin <plugin folder> <args>`, whose dependencies must be installed
// already (InstallDependencies checks). No dependency installation, TypeScript, code generation or
// debugging.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is set at build time (-X main.version=...) to the @pulumi/pulumi version it serves.
var version = "0.0.0-dev"

// The Node.js SDK exits with this code after it printed an actionable message itself.
const exitAfterActionableMessage = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.String("tracing", "", "ignored")
	flag.String("runtime", "nodejs", "ignored: only nodejs")
	// The engine passes the project root and a plugin's runtime options (PulumiPlugin.yaml) as flags.
	flag.Bool("typescript", true, "ignored: plugins run compiled JavaScript")
	for _, name := range []string{"root", "nodeargs", "packagemanager", "tsconfig"} {
		flag.String(name, "", "ignored")
	}
	// The engine passes its logging flags on to plugins (pulumi -v=N --logflow --logtostderr); glog,
	// linked in through the SDK, defines some of them already.
	if flag.Lookup("v") == nil {
		flag.Int("v", 0, "ignored")
	}
	for _, name := range []string{"logtostderr", "logflow"} {
		if flag.Lookup(name) == nil {
			flag.Bool(name, false, "ignored")
		}
	}
	flag.Parse()
	if *showVersion {
		fmt.Println(version)
		return
	}
	h := &host{}
	if flag.NArg() > 0 {
		h.engineAddress = flag.Arg(0)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if h.engineAddress != "" {
		// Exit when the engine goes away, as every plugin must.
		if err := rpcutil.Healthcheck(ctx, h.engineAddress, 5*time.Minute, cancel); err != nil {
			fail(fmt.Errorf("health check of the engine: %w", err))
		}
	}
	stop := make(chan bool)
	go func() { <-ctx.Done(); close(stop) }()
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fail(err)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
	os.Exit(1)
}

func (h *host) Handshake(ctx context.Context,
	req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *host) GetRequiredPlugins(context.Context,
	*pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(context.Context,
	*pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) GetProgramDependencies(context.Context,
	*pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, _ := exec.LookPath("node")
	return &pulumirpc.AboutResponse{Executable: node}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on PATH: " + err.Error()}, nil
	}
	info := req.GetInfo()
	programDir := req.GetPwd()
	entry := req.GetProgram()
	if info != nil {
		programDir, entry = info.GetProgramDirectory(), info.GetEntryPoint()
	}
	runPath, err := resolveRun(node, programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	args := []string{runPath}
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	if info != nil {
		add("root-directory", info.GetRootDirectory())
	}
	add("stack", req.GetStack())
	add("pwd", programDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	// The SDK reads config keys in the old `<package>:config:<name>` form.
	cfg := map[string]string{}
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, _ := json.Marshal(cfg)
	secrets := req.GetConfigSecretKeys()
	if secrets == nil {
		secrets = []string{}
	}
	secretsJSON, _ := json.Marshal(secrets)

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = programDir
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretsJSON))
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if exit.ExitCode() == exitAfterActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: "could not run node: " + err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// InstallDependencies installs nothing: the tests run plugins from this checkout, whose node_modules
// `npm ci` made. A folder without node_modules is an error naming the fix, not an implicit install.
func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest,
	_ pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory()
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); err != nil {
		return fmt.Errorf("%s has no node_modules: run npm ci there (this language host installs nothing)",
			filepath.Clean(dir))
	}
	return nil
}

// RunPlugin runs a plugin written in JavaScript (the engine found a PulumiPlugin.yaml with runtime
// nodejs): the SDK's plugin runner loads the folder's package.json "main" and serves what it
// exports. Its stdout (the port it listens on, first) and stderr go back to the engine as the stream.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	node, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on PATH: %w", err)
	}
	pluginDir := req.GetInfo().GetProgramDirectory()
	if pluginDir == "" {
		pluginDir = req.GetPwd()
	}
	runPath, err := resolveModule(node, pluginDir, "@pulumi/pulumi/cmd/run-plugin")
	if err != nil {
		return err
	}
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	args := append([]string{runPath, pluginDir}, req.GetArgs()...)
	cmd := exec.CommandContext(server.Context(), node, args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = req.GetEnv()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("plugin %s in %s: %w", req.GetName(), filepath.Clean(pluginDir), err)
	}
	return closer.Close()
}

// resolveRun finds the SDK's program runner as Node.js would from the program directory, so the
// program and the runner share one @pulumi/pulumi.
func resolveRun(node, programDir string) (string, error) {
	return resolveModule(node, programDir, "@pulumi/pulumi/cmd/run")
}

func resolveModule(node, dir, module string) (string, error) {
	out, err := exec.Command(node, "-e",
		"process.stdout.write(require.resolve(process.argv[2], {paths: [process.argv[1]]}))",
		dir, module).Output()
	if err != nil {
		return "", fmt.Errorf("could not find %s from %s (npm ci first?): %w", module, filepath.Clean(dir), err)
	}
	return string(out), nil
}
