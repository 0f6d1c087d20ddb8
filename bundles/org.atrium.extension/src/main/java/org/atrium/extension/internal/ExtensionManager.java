package org.atrium.extension.internal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, lists and uninstalls extensions: Karaf features named {@code atrium-ext-*}, shipped as
 * KAR files. Installs go through Karaf's resolver, which changes nothing when a feature does not
 * resolve, without refreshing unrelated bundles.
 *
 * <p>Uninstall policy: refused while jobs of the extension's algorithms are queued or running,
 * naming them; with {@code force} those jobs are cancelled first (reason "extension uninstalled"),
 * then the feature goes. Nothing half-run is stored either way.
 */
@Component(service = {ExtensionManager.class, Extensions.class})
public final class ExtensionManager implements Extensions {

    public static final String PREFIX = "atrium-ext-";
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionManager.class);
    private static final EnumSet<FeaturesService.Option> OPTIONS =
            EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);

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
     * Installs a KAR file (its repositories, then its features) or an available extension feature.
     * When anything fails, the system is left as it was.
     */
    @Override
    public String install(String karOrFeature) throws ExtensionException {
        long start = System.nanoTime();
        Path kar = Paths.get(
                karOrFeature.startsWith("file:") ? URI.create(karOrFeature).getPath() : karOrFeature);
        String what;
        if (karOrFeature.toLowerCase(Locale.ROOT).endsWith(".kar") || Files.isRegularFile(kar)) {
            what = installKar(kar);
        } else {
            what = installFeature(karOrFeature);
        }
        return "installed " + what + " in " + (System.nanoTime() - start) / 1_000_000 + " ms";
    }

    private String installKar(Path kar) throws ExtensionException {
        if (!Files.isRegularFile(kar)) {
            throw new ExtensionException("no KAR file " + kar);
        }
        String name = kar.getFileName().toString().replaceFirst("(?i)\\.kar$", "");
        Set<String> before;
        try {
            if (kars.list().contains(name)) {
                throw new ExtensionException("KAR " + name
                        + " is known already: install its feature by name (atrium:ext-install atrium-ext-...),"
                        + " or give a new version a file name of its own");
            }
            before = installedNames();
        } catch (ExtensionException e) {
            throw e;
        } catch (Exception e) {
            throw new ExtensionException("cannot read the installed features: " + e.getMessage());
        }
        Set<String> repositoriesBefore;
        try {
            repositoriesBefore = repositories();
        } catch (Exception e) {
            throw new ExtensionException("cannot read the feature repositories: " + e.getMessage());
        }
        try {
            kars.install(kar.toAbsolutePath().toUri(), false, true);
            // Karaf's KAR deployer only logs a feature that does not resolve (and retries it
            // later): install the KAR's extension features here, so that a failure is seen and
            // undone.
            Set<String> names = new java.util.TreeSet<>();
            for (org.apache.karaf.features.Repository repository : features.listRepositories()) {
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
            return "KAR " + name + (added.isEmpty() ? "" : " with " + String.join(", ", added));
        } catch (Exception e) {
            return "KAR " + name;
        }
    }

    private Set<String> repositories() throws Exception {
        Set<String> uris = new HashSet<>();
        for (org.apache.karaf.features.Repository repository : features.listRepositories()) {
            uris.add(repository.getURI().toString());
        }
        return uris;
    }

    private String installFeature(String name) throws ExtensionException {
        if (!name.startsWith(PREFIX)) {
            throw new ExtensionException("extension features are named " + PREFIX + "*: " + name + " is not one");
        }
        try {
            Feature[] found = features.getFeatures(name, null);
            if (found == null || found.length == 0) {
                throw new ExtensionException("no extension feature " + name + " is available; install its KAR");
            }
            features.installFeature(name, OPTIONS);
            return name;
        } catch (ExtensionException e) {
            throw e;
        } catch (Exception e) {
            throw new ExtensionException(name + " was not installed: " + message(e));
        }
    }

    /** Uninstalls an extension feature under the policy described on this class. */
    @Override
    public String uninstall(String feature, boolean force) throws ExtensionException {
        if (!feature.startsWith(PREFIX)) {
            throw new ExtensionException("extension features are named " + PREFIX + "*: " + feature + " is not one");
        }
        try {
            Feature installed = null;
            for (Feature f : features.listInstalledFeatures()) {
                if (f.getName().equals(feature)) {
                    installed = f;
                }
            }
            if (installed == null) {
                throw new ExtensionException(feature + " is not installed");
            }
            Set<String> algorithmIds = new HashSet<>();
            for (Bundle bundle : bundles(installed)) {
                for (ServiceReference<?> reference : services(bundle)) {
                    Object service = context.getService(reference);
                    try {
                        if (service instanceof Algorithm algorithm) {
                            algorithmIds.add(algorithm.descriptor().id());
                        }
                    } finally {
                        context.ungetService(reference);
                    }
                }
            }
            List<Job> busy = new ArrayList<>();
            for (JobState state : List.of(JobState.RUNNING, JobState.QUEUED)) {
                for (Job job : workflows.jobs(new JobFilter(state, null, 100_000))) {
                    if (algorithmIds.contains(job.algorithmId())) {
                        busy.add(job);
                    }
                }
            }
            if (!busy.isEmpty() && !force) {
                throw new ExtensionException(feature + " has " + busy.size() + " queued or running job(s) (e.g. job "
                        + busy.get(0).id() + "): wait, cancel them, or uninstall with --force to cancel them");
            }
            for (Job job : busy) {
                try {
                    workflows.cancel(job.id(), "extension " + feature + " uninstalled");
                } catch (WorkflowException alreadyOver) {
                    LOG.debug("Job {} ended meanwhile: {}", job.id(), alreadyOver.getMessage());
                }
            }
            long start = System.nanoTime();
            features.uninstallFeature(feature, installed.getVersion(), OPTIONS);
            return "uninstalled " + feature + " " + installed.getVersion()
                    + (busy.isEmpty() ? "" : " (" + busy.size() + " job(s) cancelled)") + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms";
        } catch (ExtensionException e) {
            throw e;
        } catch (Exception e) {
            throw new ExtensionException(feature + " was not uninstalled: " + message(e));
        }
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
