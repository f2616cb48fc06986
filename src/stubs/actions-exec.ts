/**
 * Stand-in for `@actions/exec` in the bundle (wired by `paths` in tsconfig.json, which ncc honours).
 *
 * @actions/core imports it only for `platform.getDetails()`, which runs `lsb_release`, `sw_vers` or PowerShell to
 * describe the runner's OS. This action runs no process and never calls it, yet the real module loads
 * `child_process`, `@actions/io` and `assert` at the start of every run. __tests__/bundle.test.ts checks that
 * @actions/core still uses it only there, and that dist/ holds no @actions/exec.
 */
export function getExecOutput(): Promise<never> {
  return Promise.reject(
    new Error('@actions/exec is not bundled with this action: core.platform.getDetails() is not supported.')
  )
}
