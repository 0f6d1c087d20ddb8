package org.atrium.extension.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.Repository;
import org.apache.karaf.kar.KarService;
import org.atrium.extension.Extension;
import org.atrium.extension.ExtensionException;
import org.atrium.extension.Extensions;
import org.atrium.extension.api.Algorithm;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.extension.api.Tool;
import org.atrium.extension.api.ToolDescriptor;
import org.atrium.workflow.Job;
import org.atrium.workflow.JobFilter;
import org.atrium.workflow.JobState;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, lists, upgrades and uninstalls extensions: Karaf features named {@code atrium-ext-*},
 * shipped as KAR files. Installs go through Karaf's resolver, which changes nothing when a feature
 * does not resolve, without refreshing unrelated bundles.
 *
 * <p>Upgrade: installing a KAR or feature that carries a newer version of an installed extension
 * installs the new version, then uninstalls the older one, so that the algorithms are never
 * missing. <b>Refused while jobs of the older version are queued or running</b>, naming them:
 * nothing is installed then (a KAR's features are read before it is installed). Should a job of the
 * older version start between the check and the uninstall, the older version is kept and the
 * answer says so. An older version than the installed one is refused (uninstall first); the same
 * version changes nothing.
 *
 * <p>Uninstall policy: refused while jobs of the extension's algorithms are queued or running,
 * naming them; with {@code force} those jobs are cancelled first (reason "extension uninstalled"),
 * then the feature goes. Nothing half-run is stored either way.
 *
 * <p>Installs and uninstalls run one at a time.
 */
@Component(service = {ExtensionManager.class, Extensions.class})
public final class ExtensionManager implements Extensions {

    public static final String PREFIX = "atrium-ext-";
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionManager.class);
    private static final EnumSet<FeaturesService.Option> OPTIONS =
            EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);
    private static final int IDS_SHOWN = 20;

    private final BundleContext context;
    private final FeaturesService features;
    private final KarService kars;
    private final WorkflowService workflows;

    @Activate
    public ExtensionManager(
            BundleContext context,
            @Reference FeaturesService features,
            @Reference KarService kars,
            @Reference WorkflowService workflows) {
        this.context = context;
        this.features = features;
        this.kars = kars;
        this.workflows = workflows;
    }

    /** Installed and available extensions, by name. */
    @Override
    public List<Extension> list() throws ExtensionException {
        try {
            return listFeatures();
        } catch (ExtensionException e) {
            throw e;
        } catch (Exception e) {
            throw new ExtensionException("cannot list the extensions: " + message(e));
        }
    }

    private List<Extension> listFeatures() throws Exception {
        List<Extension> out = new ArrayList<>();
        for (Feature feature : features.listFeatures()) {
            if (!feature.getName().startsWith(PREFIX)) {
                continue;
            }
            boolean installed = features.isInstalled(feature);
            List<String> algorithms = new ArrayList<>();
            List<String> tools = new ArrayList<>();
            String vendor = "";
            if (installed) {
                for (Bundle bundle : bundles(feature)) {
                    vendor = vendor.isEmpty() ? header(bundle, Constants.BUNDLE_VENDOR) : vendor;
                    for (ServiceReference<?> reference : services(bundle)) {
                        Object service = context.getService(reference);
                        try {
                            if (service instanceof Algorithm algorithm) {
                                AlgorithmDescriptor d = algorithm.descriptor();
                                algorithms.add(d.id() + " " + d.version());
                                vendor = d.vendor().isEmpty() ? vendor : d.vendor();
                            } else if (service instanceof Tool tool) {
                                ToolDescriptor d = tool.descriptor();
                                tools.add(d.id() + " " + d.version());
                            }
                        } finally {
                            context.ungetService(reference);
                        }
                    }
                }
            }
            out.add(new Extension(
                    feature.getName(),
                    feature.getVersion(),
                    feature.getDescription() == null ? "" : feature.getDescription(),
                    installed,
                    vendor,
                    algorithms,
                    tools));
        }
        out.sort(Comparator.comparing(Extension::feature).thenComparing(Extension::version));
        return out;
    }

    /**
     * Installs a KAR file (its repositories, then its features) or an available extension feature
     * ({@code name} for its newest version, or {@code name/version}); upgrades as described on this
     * class. When anything fails, the system is left as it was.
     */
    @Override
    public synchronized String install(String karOrFeature) throws ExtensionException {
        long start = System.nanoTime();
        Path kar = Paths.get(
                karOrFeature.startsWith("file:") ? URI.create(karOrFeature).getPath() : karOrFeature);
        String what;
        UpgradePlan plan;
        if (karOrFeature.toLowerCase(Locale.ROOT).endsWith(".kar") || Files.isRegularFile(kar)) {
            String name = karName(kar);
            try {
                plan = UpgradePlan.of(
                        KarFeatures.read(kar, PREFIX), installedExtensions().keySet());
            } catch (IOException e) {
                throw new ExtensionException("cannot read the KAR " + kar.getFileName() + ": " + message(e));
            }
            refuseWhileBusy(plan);
            what = installKar(kar, name);
        } else {
            FeatureRef feature = available(karOrFeature);
            Set<FeatureRef> installed = installedExtensions().keySet();
            plan = UpgradePlan.of(List.of(feature), installed);
            if (installed.contains(feature) && plan.replaced().isEmpty()) {
                return feature + " is installed already";
            }
            refuseWhileBusy(plan);
            what = installFeature(feature);
        }
        return "installed " + what + retire(plan) + " in " + (System.nanoTime() - start) / 1_000_000 + " ms";
    }

    /** The KAR's name as Karaf keeps it, once it is certain that it is a file Karaf does not know yet. */
    private String karName(Path kar) throws ExtensionException {
        if (!Files.isRegularFile(kar)) {
            throw new ExtensionException("no KAR file " + kar);
        }
        String name = kar.getFileName().toString().replaceFirst("(?i)\\.kar$", "");
        boolean known;
        try {
            known = kars.list().contains(name);
        } catch (Exception e) {
            throw new ExtensionException("cannot list the installed KARs: " + message(e));
        }
        if (known) {
            throw new ExtensionException("KAR " + name
                    + " is known already: install its feature by name (atrium:ext-install atrium-ext-...),"
                    + " or give a new version a file name of its own");
        }
        return name;
    }

    private void refuseWhileBusy(UpgradePlan plan) throws ExtensionException {
        for (FeatureRef old : plan.replaced()) {
            List<Job> busy = busyJobs(old);
            if (!busy.isEmpty()) {
                throw new ExtensionException("not upgraded, nothing changed: " + old + " has " + busy.size()
                        + " queued or running job(s): " + ids(busy)
                        + "; wait for them to end or cancel them (atrium:job-cancel), then install again");
            }
        }
    }

    /** Uninstalls the versions an install replaced, unless jobs of theirs started meanwhile. */
    private String retire(UpgradePlan plan) {
        StringBuilder out = new StringBuilder();
        for (FeatureRef old : plan.replaced()) {
            List<Job> busy;
            try {
                busy = busyJobs(old);
            } catch (ExtensionException e) {
                out.append("; kept ").append(old).append(": ").append(e.getMessage());
                continue;
            }
            if (!busy.isEmpty()) {
                out.append("; kept ")
                        .append(old)
                        .append(" while its job(s) ")
                        .append(ids(busy))
                        .append(" run: uninstall it when they end (atrium:ext-uninstall ")
                        .append(old.name())
                        .append('/')
                        .append(old.version())
                        .append(')');
                continue;
            }
            try {
                features.uninstallFeature(old.name(), old.version().toString(), OPTIONS);
                out.append("; upgraded from ").append(old).append(" (uninstalled)");
                LOG.info("Extension {} upgraded: {} uninstalled", old.name(), old);
            } catch (Exception e) {
                LOG.warn("Upgrade of {}: the older version could not be uninstalled", old, e);
                out.append("; ")
                        .append(old)
                        .append(" could not be uninstalled: ")
                        .append(message(e));
            }
        }
        return out.toString();
    }

    private String installKar(Path kar, String name) throws ExtensionException {
        Set<String> before;
        Set<String> repositoriesBefore;
        try {
            before = installedNames();
            repositoriesBefore = repositories();
        } catch (Exception e) {
            throw new ExtensionException("cannot read the installed features: " + message(e));
        }
        try {
            kars.install(kar.toAbsolutePath().toUri(), false, true);
            // Karaf's KAR deployer only logs a feature that does not resolve (and retries it
            // later): install the KAR's extension features here, so that a failure is seen and
            // undone.
            Set<String> names = new TreeSet<>();
            for (Repository repository : features.listRepositories()) {
                if (!repositoriesBefore.contains(repository.getURI().toString())) {
                    for (Feature feature : repository.getFeatures()) {
                        if (feature.getName().startsWith(PREFIX)) {
                            names.add(feature.getName() + "/" + feature.getVersion());
                        }
                    }
                }
            }
            if (!names.isEmpty()) {
                features.installFeatures(names, OPTIONS);
            }
        } catch (Exception e) {
            try {
                kars.uninstall(name, true);
            } catch (Exception cleanup) {
                LOG.warn("Cleaning up after the failed KAR {} failed", name, cleanup);
            }
            throw new ExtensionException("KAR " + name + " was not installed, nothing changed: " + message(e));
        }
        try {
            Set<String> added = installedNames();
            added.removeAll(before);
            return "KAR " + name + (added.isEmpty() ? "" : " with " + String.join(", ", new TreeSet<>(added)));
        } catch (Exception e) {
            return "KAR " + name;
        }
    }

    private Set<String> repositories() throws Exception {
        Set<String> uris = new HashSet<>();
        for (Repository repository : features.listRepositories()) {
            uris.add(repository.getURI().toString());
        }
        return uris;
    }

    /** The available feature {@code name} at its newest version, or {@code name/version}. */
    private FeatureRef available(String target) throws ExtensionException {
        String[] parts = target.split("/", 2);
        String name = extensionName(parts[0]);
        Version wanted = parts.length > 1 ? FeatureRef.version(parts[1]) : null;
        FeatureRef newest = null;
        try {
            for (Feature feature : features.listFeatures()) {
                FeatureRef ref = FeatureRef.of(feature.getName(), feature.getVersion());
                if (ref.name().equals(name)
                        && (wanted == null || wanted.equals(ref.version()))
                        && (newest == null || ref.version().compareTo(newest.version()) > 0)) {
                    newest = ref;
                }
            }
        } catch (Exception e) {
            throw new ExtensionException("cannot list the features: " + message(e));
        }
        if (newest == null) {
            throw new ExtensionException("no extension feature " + target + " is available; install its KAR");
        }
        return newest;
    }

    private String installFeature(FeatureRef feature) throws ExtensionException {
        try {
            features.installFeature(feature.name(), feature.version().toString(), OPTIONS);
            return feature.toString();
        } catch (Exception e) {
            throw new ExtensionException(feature + " was not installed: " + message(e));
        }
    }

    /**
     * Uninstalls an extension feature ({@code name}, or {@code name/version} when several versions
     * are installed) under the policy described on this class.
     */
    @Override
    public synchronized String uninstall(String target, boolean force) throws ExtensionException {
        String[] parts = target.split("/", 2);
        String name = extensionName(parts[0]);
        Version wanted = parts.length > 1 ? FeatureRef.version(parts[1]) : null;
        List<FeatureRef> matching = installedExtensions().keySet().stream()
                .filter(f -> f.name().equals(name) && (wanted == null || wanted.equals(f.version())))
                .toList();
        if (matching.isEmpty()) {
            throw new ExtensionException(target + " is not installed");
        }
        if (matching.size() > 1) {
            throw new ExtensionException(name + " is installed in versions "
                    + String.join(
                            ", ",
                            matching.stream().map(f -> f.version().toString()).toList())
                    + ": name one, as " + name + "/<version>");
        }
        FeatureRef installed = matching.get(0);
        List<Job> busy = busyJobs(installed);
        if (!busy.isEmpty() && !force) {
            throw new ExtensionException(installed + " has " + busy.size() + " queued or running job(s): " + ids(busy)
                    + "; wait, cancel them, or uninstall with --force to cancel them");
        }
        for (Job job : busy) {
            try {
                workflows.cancel(job.id(), "extension " + name + " uninstalled");
            } catch (WorkflowException alreadyOver) {
                LOG.debug("Job {} ended meanwhile: {}", job.id(), alreadyOver.getMessage());
            }
        }
        long start = System.nanoTime();
        try {
            features.uninstallFeature(name, installed.version().toString(), OPTIONS);
        } catch (Exception e) {
            throw new ExtensionException(installed + " was not uninstalled: " + message(e));
        }
        return "uninstalled " + installed + (busy.isEmpty() ? "" : " (" + busy.size() + " job(s) cancelled)") + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms";
    }

    private static String extensionName(String name) throws ExtensionException {
        if (!name.startsWith(PREFIX)) {
            throw new ExtensionException("extension features are named " + PREFIX + "*: " + name + " is not one");
        }
        return name;
    }

    /** The installed extension features. */
    private Map<FeatureRef, Feature> installedExtensions() throws ExtensionException {
        Map<FeatureRef, Feature> out = new LinkedHashMap<>();
        try {
            for (Feature feature : features.listInstalledFeatures()) {
                if (feature.getName().startsWith(PREFIX)) {
                    out.put(FeatureRef.of(feature.getName(), feature.getVersion()), feature);
                }
            }
        } catch (Exception e) {
            throw new ExtensionException("cannot read the installed features: " + message(e));
        }
        return out;
    }

    /**
     * Queued and running jobs of the algorithms an installed feature's bundles registered, matched by
     * algorithm id and version: jobs of another version of the same algorithm are not its jobs.
     */
    private List<Job> busyJobs(FeatureRef installed) throws ExtensionException {
        Feature feature = installedExtensions().get(installed);
        if (feature == null) {
            return List.of();
        }
        Set<String> algorithms = new HashSet<>();
        for (Bundle bundle : bundles(feature)) {
            for (ServiceReference<?> reference : services(bundle)) {
                Object service = context.getService(reference);
                try {
                    if (service instanceof Algorithm algorithm) {
                        AlgorithmDescriptor d = algorithm.descriptor();
                        algorithms.add(d.id() + " " + d.version());
                    }
                } finally {
                    context.ungetService(reference);
                }
            }
        }
        List<Job> busy = new ArrayList<>();
        try {
            for (JobState state : List.of(JobState.RUNNING, JobState.QUEUED)) {
                for (Job job : workflows.jobs(new JobFilter(state, null, 100_000))) {
                    if (algorithms.contains(job.algorithmId() + " " + job.algorithmVersion())) {
                        busy.add(job);
                    }
                }
            }
        } catch (WorkflowException e) {
            throw new ExtensionException("cannot tell whether jobs of " + installed + " run: " + e.getMessage());
        }
        busy.sort(Comparator.comparingLong(Job::id));
        return busy;
    }

    private static String ids(List<Job> jobs) {
        List<String> ids =
                jobs.stream().limit(IDS_SHOWN).map(j -> Long.toString(j.id())).toList();
        return String.join(", ", ids) + (jobs.size() > IDS_SHOWN ? ", …" : "");
    }

    private Set<String> installedNames() throws Exception {
        Set<String> names = new HashSet<>();
        for (Feature f : features.listInstalledFeatures()) {
            names.add(f.getName() + " " + f.getVersion());
        }
        return names;
    }

    private List<Bundle> bundles(Feature feature) {
        List<Bundle> out = new ArrayList<>();
        for (BundleInfo info : feature.getBundles()) {
            Bundle bundle = context.getBundle(info.getLocation());
            if (bundle != null) {
                out.add(bundle);
            }
        }
        return out;
    }

    private static List<ServiceReference<?>> services(Bundle bundle) {
        ServiceReference<?>[] registered = bundle.getRegisteredServices();
        return registered == null ? List.of() : List.of(registered);
    }

    private static String header(Bundle bundle, String name) {
        String value = bundle.getHeaders().get(name);
        return value == null ? "" : value;
    }

    /** Karaf's resolver names the missing requirement in its message: keep it whole. */
    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getName() : message;
    }
}
