import { parse } from 'yaml';
import { KWOKCTL_CONFIG, clusterKwokctlConfig, createClusterArgs, deleteClusterArgs } from './kwokctl.js';

describe('kwokctl arguments', () => {
  const args = createClusterArgs({
    name: 'c1',
    binDir: '/bin/cp',
    configPath: '/w/kwokctl.yaml',
    kwokctlKubeconfigPath: '/w/kubeconfigs/c1.yaml',
  });
  const flag = (name: string) => args[args.indexOf(name) + 1];

  it('creates with the binary runtime from our own binaries, our config, our kubeconfig, and waits', () => {
    expect(flag('--runtime')).toBe('binary');
    expect(flag('--kube-apiserver-binary')).toBe('/bin/cp/kube-apiserver');
    expect(flag('--kwok-controller-binary')).toBe('/bin/cp/kwok');
    expect(flag('--etcd-binary')).toBe('/bin/cp/etcd');
    expect(flag('--config')).toBe('/w/kwokctl.yaml');
    expect(flag('--kubeconfig')).toBe('/w/kubeconfigs/c1.yaml');
    expect(args).toContain('--wait');
  });

  it('refuses to delete with an empty kubeconfig path (kwokctl would leave every process running)', () => {
    expect(() => deleteClusterArgs({ name: 'c1', kwokctlKubeconfigPath: '' })).toThrow(/no kubeconfig path/);
    expect(deleteClusterArgs({ name: 'c1', kwokctlKubeconfigPath: '/k' })).toEqual([
      'delete',
      'cluster',
      '--name',
      'c1',
      '--kubeconfig',
      '/k',
    ]);
  });

  it('binds every component to 127.0.0.1', () => {
    const config = parse(KWOKCTL_CONFIG) as { kind: string; options: { bindAddress: string } };
    expect(config.kind).toBe('KwokctlConfiguration');
    expect(config.options.bindAddress).toBe('127.0.0.1');
  });

  it('gives a cluster with its own authentication and authorization files no --authorization-mode, admission kept', () => {
    const config = parse(
      clusterKwokctlConfig(
        { authenticationConfigPath: '/a/authn.yaml', authorizationConfigPath: '/a/authz.yaml' },
        '/w/pki',
      ),
    ) as {
      options: { bindAddress: string; kubeAuthorization: boolean; kubeAdmission: boolean };
      componentsPatches: { name: string; extraArgs: { key: string; value: string }[] }[];
    };
    expect(config.options).toMatchObject({
      bindAddress: '127.0.0.1',
      kubeAuthorization: false,
      kubeAdmission: true,
    });
    const args = (name: string) =>
      Object.fromEntries(
        (config.componentsPatches.find((p) => p.name === name)?.extraArgs ?? []).map((a) => [a.key, a.value]),
      );
    expect(args('kube-apiserver')).toEqual({
      'authentication-config': '/a/authn.yaml',
      'authorization-config': '/a/authz.yaml',
    });
    expect(args('kube-controller-manager')['service-account-private-key-file']).toBe('/w/pki/admin.key');
  });
});
